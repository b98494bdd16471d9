#!/usr/bin/python3
"""Generates the scikit-learn parity fixtures in src/models/fixtures/*.json.

Run with the system Python that has scikit-learn 1.2.1:

    /usr/bin/python3 scripts/make-fixtures.py          # write fixtures, print sklearn's accuracies
    /usr/bin/python3 scripts/make-fixtures.py --ours   # also fit autolearn's models and compare
    /usr/bin/python3 scripts/make-fixtures.py --report # only the report (fixtures left as they are)

For every data set (Iris, Height-Weight, breast_cancer, a 5,000-row make_classification set) the
fixture holds: the data (inline, except Height-Weight which is read from the shared CSV by the
tests; only its sha256, split indices and results are stored), a stratified train/test split
(indices), the StandardScaler fitted on the train part (mean/scale; the tests apply it themselves),
and for every model, with explicit hyper-parameters: scikit-learn's test accuracy, test predictions
and the learned quantities worth comparing (coef_/intercept_, GaussianNB theta_/var_, SVC
n_support_). Randomized models (trees, forests) also record the spread of scikit-learn's accuracy
over several seeds: one seed is one draw, the seed mean is the fair reference for another
implementation's random choices.
"""
import argparse
import base64
import csv
import hashlib
import json
import os
import subprocess
import sys
import warnings

import numpy as np
import sklearn
from sklearn.datasets import load_breast_cancer, load_iris, make_classification
from sklearn.ensemble import RandomForestClassifier
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split
from sklearn.naive_bayes import GaussianNB
from sklearn.preprocessing import StandardScaler
from sklearn.svm import SVC, LinearSVC
from sklearn.tree import DecisionTreeClassifier

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIXTURE_DIR = os.path.join(ROOT, 'src', 'models', 'fixtures')
SPLIT_SEED = 42
SEEDS_FOR_SPREAD = list(range(10))
HEIGHT_WEIGHT_SHA256 = '9406827f992d6e44c60f7af8439794d2d89be45c661e0b8b1f032f12d56f9314'
MAX_FIXTURE_BYTES = 1_500_000


def shared_dir():
    env = os.environ.get('AUTOLEARN_SHARED_DIR')
    default = os.path.normpath(os.path.join(ROOT, '..', 'shared'))
    for d in [os.path.join(default, 'datasets'), os.path.join(env, 'datasets') if env else None, env]:
        if d and os.path.isfile(os.path.join(d, 'height_weight.csv')):
            return d
    sys.exit('height_weight.csv not found in ../shared/datasets or $AUTOLEARN_SHARED_DIR')


def encode_matrix(X, dtype):
    """Little-endian raw bytes in base64: exact and compact."""
    arr = np.ascontiguousarray(X, dtype='<f8' if dtype == 'float64' else '<f4')
    return {
        'dtype': dtype,
        'rows': int(arr.shape[0]),
        'cols': int(arr.shape[1]),
        'base64': base64.b64encode(arr.tobytes()).decode('ascii'),
    }


def plain(v):
    """numpy scalars/arrays -> JSON values (labels keep their type: str or int)."""
    if isinstance(v, np.ndarray):
        return [plain(x) for x in v.tolist()] if v.dtype == object else plain(v.tolist())
    if isinstance(v, list):
        return [plain(x) for x in v]
    if isinstance(v, (np.integer,)):
        return int(v)
    if isinstance(v, (np.floating,)):
        return float(v)
    if isinstance(v, np.str_):
        return str(v)
    return v


def load_sets():
    sets = []
    iris = load_iris()
    sets.append({
        'name': 'iris',
        'description': 'Iris (sklearn.datasets.load_iris): 150 rows, 4 measures, 3 species (0, 1, 2)',
        'X': iris.data.astype(np.float64),
        'y': iris.target.astype(np.int64),
        'featureNames': list(iris.feature_names),
        'source': 'inline',
        'dtype': 'float64',
        'testSize': 0.3,
    })
    d = os.path.join(shared_dir(), 'height_weight.csv')
    raw = open(d, 'rb').read()
    digest = hashlib.sha256(raw).hexdigest()
    if digest != HEIGHT_WEIGHT_SHA256:
        sys.exit(f'height_weight.csv sha256 {digest} != {HEIGHT_WEIGHT_SHA256}')
    rows = list(csv.reader(raw.decode('utf-8').splitlines()))
    header, body = rows[0], rows[1:]
    feats = ['BMI', 'height', 'weight']
    cols = [header.index(f) for f in feats]
    sets.append({
        'name': 'height-weight',
        'description': 'Height-Weight (../shared/datasets/height_weight.csv): 4231 rows; predict sex (F/M) from BMI, height, weight',
        'X': np.array([[float(r[c]) for c in cols] for r in body], dtype=np.float64),
        'y': np.array([r[header.index('sex')] for r in body]),
        'featureNames': feats,
        'source': {'kind': 'csv', 'file': 'height_weight.csv', 'sha256': digest, 'labelColumn': 'sex', 'featureColumns': feats},
        'testSize': 0.25,
    })
    bc = load_breast_cancer()
    sets.append({
        'name': 'breast-cancer',
        'description': 'Breast cancer Wisconsin (sklearn.datasets.load_breast_cancer): 569 rows, 30 features, 2 classes (0 malignant, 1 benign)',
        'X': bc.data.astype(np.float64),
        'y': bc.target.astype(np.int64),
        'featureNames': list(bc.feature_names),
        'source': 'inline',
        'dtype': 'float64',
        'testSize': 0.3,
    })
    X, y = make_classification(n_samples=5000, n_features=20, n_informative=10, n_redundant=2, n_classes=3, random_state=0)
    # Stored as float32 (half the bytes); every model here is fitted on exactly the stored values.
    sets.append({
        'name': 'synthetic',
        'description': 'make_classification(n_samples=5000, n_features=20, n_informative=10, n_redundant=2, n_classes=3, random_state=0), values rounded to float32',
        'X': X.astype(np.float32).astype(np.float64),
        'y': y.astype(np.int64),
        'featureNames': [f'x{i}' for i in range(20)],
        'source': 'inline',
        'dtype': 'float32',
        'testSize': 0.2,
    })
    return sets


def model_specs(n_features):
    """(key, family, scaled, our params (camelCase), sklearn estimator factory(seed), seed param or None)."""
    gamma = 1.0 / n_features  # explicit number: the same value on both sides, whatever 'scale' means there
    return [
        ('svc-rbf', 'SVC', True, {'kernel': 'rbf', 'C': 1.0, 'gamma': gamma, 'tol': 1e-3},
         lambda s: SVC(kernel='rbf', C=1.0, gamma=gamma, tol=1e-3), None),
        ('svc-linear', 'SVC', True, {'kernel': 'linear', 'C': 1.0, 'tol': 1e-3},
         lambda s: SVC(kernel='linear', C=1.0, tol=1e-3), None),
        ('linear-svc', 'LinearSVC', True,
         {'C': 1.0, 'loss': 'squared_hinge', 'penalty': 'l2', 'dual': True, 'tol': 1e-5, 'maxIter': 10000},
         lambda s: LinearSVC(C=1.0, loss='squared_hinge', penalty='l2', dual=True, tol=1e-5, max_iter=10000, random_state=0), None),
        ('logistic-regression', 'LogisticRegression', True, {'C': 1.0, 'penalty': 'l2', 'solver': 'lbfgs', 'multiClass': 'auto', 'tol': 1e-8, 'maxIter': 5000},
         lambda s: LogisticRegression(C=1.0, penalty='l2', solver='lbfgs', multi_class='auto', tol=1e-8, max_iter=5000), None),
        ('decision-tree', 'DecisionTreeClassifier', False, {'criterion': 'gini', 'maxDepth': 8, 'minSamplesLeaf': 1, 'seed': 0},
         lambda s: DecisionTreeClassifier(criterion='gini', max_depth=8, min_samples_leaf=1, random_state=s), 'random_state'),
        ('random-forest', 'RandomForestClassifier', False,
         {'nEstimators': 100, 'criterion': 'gini', 'maxFeatures': 'sqrt', 'bootstrap': True, 'seed': 0},
         lambda s: RandomForestClassifier(n_estimators=100, criterion='gini', max_features='sqrt', bootstrap=True, random_state=s, n_jobs=2),
         'random_state'),
        ('gaussian-nb', 'GaussianNB', False, {'varSmoothing': 1e-9},
         lambda s: GaussianNB(var_smoothing=1e-9), None),
    ]


def build_fixture(ds):
    X, y = ds['X'], ds['y']
    idx = np.arange(len(y))
    train_idx, test_idx = train_test_split(idx, test_size=ds['testSize'], stratify=y, random_state=SPLIT_SEED)
    train_idx, test_idx = np.sort(train_idx), np.sort(test_idx)
    Xtr, Xte, ytr, yte = X[train_idx], X[test_idx], y[train_idx], y[test_idx]
    scaler = StandardScaler().fit(Xtr)
    Str, Ste = scaler.transform(Xtr), scaler.transform(Xte)
    classes = np.unique(y)
    models = []
    for key, family, scaled, ours, make, seed_param in model_specs(X.shape[1]):
        A, B = (Str, Ste) if scaled else (Xtr, Xte)
        with warnings.catch_warnings():
            warnings.simplefilter('error', ConvergenceWarning)  # a fixture from an unconverged fit is useless
            m = make(0).fit(A, ytr)
        pred = m.predict(B)
        entry = {
            'key': key,
            'family': family,
            'scaled': scaled,
            'params': ours,
            'sklearn': {'estimator': type(m).__name__, 'params': {k: plain(v) for k, v in m.get_params().items() if not callable(v)}},
            'accuracy': float((pred == yte).mean()),
            'predictions': plain(pred),
        }
        if family in ('LogisticRegression', 'LinearSVC') or (family == 'SVC' and ours['kernel'] == 'linear'):
            entry['coef'] = plain(m.coef_)
            entry['intercept'] = plain(m.intercept_)
        if family == 'SVC':
            entry['nSupport'] = plain(m.n_support_)
            entry['intercept'] = plain(m.intercept_)
        if family == 'LogisticRegression':
            entry['nIter'] = plain(m.n_iter_)
        if family == 'GaussianNB':
            entry['theta'] = plain(m.theta_)
            entry['var'] = plain(m.var_)
            entry['classPrior'] = plain(m.class_prior_)
            entry['epsilon'] = float(m.epsilon_)
        if seed_param:
            accs = [entry['accuracy']] + [
                float((make(s).fit(A, ytr).predict(B) == yte).mean()) for s in SEEDS_FOR_SPREAD if s != 0
            ]
            entry['seedAccuracy'] = {
                'seeds': SEEDS_FOR_SPREAD,
                'accuracies': accs,
                'mean': float(np.mean(accs)),
                'min': float(np.min(accs)),
                'max': float(np.max(accs)),
            }
        models.append(entry)
    fx = {
        'generator': 'scripts/make-fixtures.py',
        'sklearnVersion': sklearn.__version__,
        'numpyVersion': np.__version__,
        'dataset': ds['name'],
        'description': ds['description'],
        'featureNames': ds['featureNames'],
        'classes': plain(classes),
        'nRows': int(len(y)),
        'source': ds['source'] if ds['source'] != 'inline' else {
            'kind': 'inline',
            'X': encode_matrix(X, ds['dtype']),
            'y': plain(y),
        },
        'split': {
            'testSize': ds['testSize'],
            'randomState': SPLIT_SEED,
            'stratify': True,
            'train': plain(train_idx),
            'test': plain(test_idx),
        },
        'scaler': {'mean': plain(scaler.mean_), 'scale': plain(scaler.scale_)},
        'models': models,
    }
    if ds['source'] == 'inline':
        fx['yTest'] = plain(yte)  # a consistency check; CSV-backed sets rely on the file's sha256 instead
    return fx


def write_fixture(fx):
    os.makedirs(FIXTURE_DIR, exist_ok=True)
    path = os.path.join(FIXTURE_DIR, f"{fx['dataset']}.json")
    text = json.dumps(fx, separators=(',', ':'))
    if len(text) > MAX_FIXTURE_BYTES:
        sys.exit(f'{path}: {len(text)} bytes > {MAX_FIXTURE_BYTES}')
    with open(path, 'w') as f:
        f.write(text + '\n')
    return path, len(text)


def read_fixtures():
    out = []
    for name in sorted(os.listdir(FIXTURE_DIR)):
        if name.endswith('.json'):
            with open(os.path.join(FIXTURE_DIR, name)) as f:
                out.append(json.load(f))
    return out


def print_sklearn_table(fixtures):
    datasets = [fx['dataset'] for fx in fixtures]
    keys = [m['key'] for m in fixtures[0]['models']]
    print(f"scikit-learn {sklearn.__version__}: test accuracy (seed mean [min, max] for randomized models)")
    print(f"{'model':<22}" + ''.join(f'{d:>30}' for d in datasets))
    for k in keys:
        cells = []
        for fx in fixtures:
            m = next(e for e in fx['models'] if e['key'] == k)
            cell = f"{m['accuracy']:.4f}"
            if 'seedAccuracy' in m:
                s = m['seedAccuracy']
                cell = f"{cell} ~{s['mean']:.3f} [{s['min']:.3f},{s['max']:.3f}]"
            cells.append(f'{cell:>30}')
        print(f'{k:<22}' + ''.join(cells))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--ours', action='store_true', help='also fit autolearn models (scripts/parity-report.ts)')
    ap.add_argument('--report', action='store_true', help='do not regenerate; report from the committed fixtures')
    args = ap.parse_args()
    if not args.report:
        fixtures = []
        for ds in load_sets():
            fx = build_fixture(ds)
            path, size = write_fixture(fx)
            print(f'wrote {os.path.relpath(path, ROOT)} ({size / 1e6:.2f} MB)')
            fixtures.append(fx)
    else:
        fixtures = read_fixtures()
    print_sklearn_table(fixtures)
    if args.ours:
        print()
        sys.stdout.flush()
        r = subprocess.run(['node', '--import', 'tsx', 'scripts/parity-report.ts'], cwd=ROOT)
        sys.exit(r.returncode)


if __name__ == '__main__':
    main()
