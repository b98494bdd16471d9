#!/bin/bash
# device benchmark: scikit-learn vs ours on the same CSVs, same machine
cd "$(dirname "$0")"
node --version; nproc; /usr/bin/python3 -c "import sklearn; print('sklearn', sklearn.__version__)" || echo NO_SKLEARN
/usr/bin/python3 gen.py || echo GEN_FAILED
/usr/bin/python3 sk.py svc
node bench.mjs svc tr14k.csv te14k.csv '{"nJobs":1}'
node bench.mjs svc tr14k.csv te14k.csv '{}'
/usr/bin/python3 sk.py svc
node bench.mjs lin tr70k.csv te70k.csv '{}'
node bench.mjs lin tr70k.csv te70k.csv '{"solver":"sgd","maxIter":10}'
timeout 100 /usr/bin/python3 sk.py lin
