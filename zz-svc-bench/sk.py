import sys, time, warnings
import numpy as np
from sklearn.svm import SVC, LinearSVC
tag = '14k' if sys.argv[1] == 'svc' else '70k'
tr = np.loadtxt('tr%s.csv' % tag, delimiter=','); te = np.loadtxt('te%s.csv' % tag, delimiter=',')
m = SVC() if sys.argv[1] == 'svc' else LinearSVC(random_state=0)
with warnings.catch_warnings(record=True) as w:
    warnings.simplefilter('always')
    t = time.time(); c = time.process_time(); m.fit(tr[:, :-1], tr[:, -1]); ft = time.time() - t; cpu = time.process_time() - c
t = time.time(); acc = (m.predict(te[:, :-1]) == te[:, -1]).mean(); pt = time.time() - t
extra = ('nSV %s' % m.n_support_) if sys.argv[1] == 'svc' else ('n_iter %d warn %s' % (m.n_iter_, [str(x.message)[:40] for x in w]))
print('sklearn %s fit %.3fs (cpu %.3fs) predict %.3fs acc %.4f %s' % (sys.argv[1], ft, cpu, pt, acc, extra))
