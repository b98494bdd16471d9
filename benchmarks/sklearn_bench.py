"""scikit-learn side of the autolearn benchmark (run with /usr/bin/python3).

    sklearn_bench.py --model M --train A.csv --test B.csv

Same protocol as benchmarks/lib/protocol.ts: load the CSV pair (header f0..f{d-1},label), fit a
StandardScaler on train outside the timed region for SVC / LinearSVC / LogisticRegression, then up
to 3 timed fits (1 when the first takes over 20 s), each followed by a timed predict on the test
part. Progress is printed as JSON lines (events 'loaded', 'fit', 'predict', 'done', 'error').
Thread pools are left to the parent (it sets OMP/OPENBLAS/MKL_NUM_THREADS=1).
"""
import argparse
import json
import resource
import sys
import time
import warnings

STANDARDIZED = {"SVC-rbf", "SVC-linear", "LinearSVC", "LogisticRegression", "LR-liblinear-l1", "LR-newton-cg",
                "LR-newton-cholesky", "LR-sag", "LR-saga-elasticnet", "LinSVC-l1", "LinSVC-crammer_singer"}
MAX_REPEATS = 3
SINGLE_FIT_OVER_S = 20.0


def emit(**event):
    sys.stdout.write(json.dumps(event) + "\n")
    sys.stdout.flush()


def load(path):
    import numpy as np

    with open(path) as f:
        header = f.readline().strip().split(",")
    d = len(header) - 1
    if d < 1 or header[-1] != "label" or header[:-1] != [f"f{j}" for j in range(d)]:
        raise ValueError(f"{path}: header must be f0..f{{d-1}},label")
    data = np.loadtxt(path, delimiter=",", skiprows=1, dtype=np.float64, ndmin=2)
    return np.ascontiguousarray(data[:, :d]), data[:, d].astype(np.int64)


def peak_rss_mb():
    """VmHWM from /proc/self/status (ru_maxrss survives fork + exec: it would start at the parent's RSS)."""
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024.0
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def make_model(name):
    """A factory of the model, importing only the module it needs (start-up time matters in --quick)."""
    if name in ("SVC-rbf", "SVC-linear"):
        from sklearn.svm import SVC

        kernel = "rbf" if name == "SVC-rbf" else "linear"
        return lambda: SVC(kernel=kernel)
    if name == "LinearSVC":
        from sklearn.svm import LinearSVC

        return lambda: LinearSVC(random_state=0)
    if name == "LogisticRegression":
        from sklearn.linear_model import LogisticRegression

        return lambda: LogisticRegression()
    if name.startswith("LR-"):
        from sklearn.linear_model import LogisticRegression

        kw = {
            "LR-liblinear-l1": {"solver": "liblinear", "penalty": "l1"},
            "LR-newton-cg": {"solver": "newton-cg"},
            "LR-newton-cholesky": {"solver": "newton-cholesky"},
            "LR-sag": {"solver": "sag", "random_state": 0},
            "LR-saga-elasticnet": {"solver": "saga", "penalty": "elasticnet", "l1_ratio": 0.5, "random_state": 0},
        }[name]
        return lambda: LogisticRegression(**kw)
    if name in ("LinSVC-l1", "LinSVC-crammer_singer"):
        from sklearn.svm import LinearSVC

        kw = {"penalty": "l1", "dual": False} if name == "LinSVC-l1" else {"multi_class": "crammer_singer"}
        return lambda: LinearSVC(random_state=0, **kw)
    if name == "DecisionTree":
        from sklearn.tree import DecisionTreeClassifier

        return lambda: DecisionTreeClassifier(random_state=0)
    if name in ("RandomForest(n_jobs=1)", "RandomForest(n_jobs=2)"):
        from sklearn.ensemble import RandomForestClassifier

        jobs = 1 if name.endswith("=1)") else 2
        return lambda: RandomForestClassifier(n_jobs=jobs, random_state=0)
    if name == "DecisionTree(max_leaf_nodes=100)":
        from sklearn.tree import DecisionTreeClassifier

        return lambda: DecisionTreeClassifier(max_leaf_nodes=100, random_state=0)
    if name == "DecisionTree(ccp_alpha=0.0002)":
        from sklearn.tree import DecisionTreeClassifier

        return lambda: DecisionTreeClassifier(ccp_alpha=0.0002, random_state=0)
    if name == "RandomForest(max_leaf_nodes=100,n_jobs=2)":
        from sklearn.ensemble import RandomForestClassifier

        return lambda: RandomForestClassifier(max_leaf_nodes=100, n_jobs=2, random_state=0)
    if name == "GaussianNB":
        from sklearn.naive_bayes import GaussianNB

        return lambda: GaussianNB()
    raise ValueError(f"unknown model {name!r}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", required=True)
    ap.add_argument("--train", required=True)
    ap.add_argument("--test", required=True)
    ap.add_argument("--repeats", type=int, default=MAX_REPEATS)
    a = ap.parse_args()
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.metrics import accuracy_score, precision_score, recall_score
    from sklearn.preprocessing import StandardScaler

    make = make_model(a.model)
    Xtr, ytr = load(a.train)
    Xte, yte = load(a.test)
    if Xtr.shape[1] != Xte.shape[1]:
        raise ValueError(f"{a.train} has {Xtr.shape[1]} features but {a.test} has {Xte.shape[1]}")
    if a.model in STANDARDIZED:
        scaler = StandardScaler().fit(Xtr)
        Xtr, Xte = scaler.transform(Xtr), scaler.transform(Xte)
    emit(ev="loaded", n_train=int(Xtr.shape[0]), n_test=int(Xte.shape[0]), d=int(Xtr.shape[1]))
    notes = set()
    if a.repeats < 1:
        raise ValueError("--repeats must be >= 1")
    for k in range(a.repeats):
        model = make()
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", ConvergenceWarning)
            t0 = time.perf_counter()
            model.fit(Xtr, ytr)
            fit_s = time.perf_counter() - t0
        if any(issubclass(w.category, ConvergenceWarning) for w in caught):
            notes.add("not converged (ConvergenceWarning)")
        emit(ev="fit", s=fit_s)
        t1 = time.perf_counter()
        pred = model.predict(Xte)
        pred_s = time.perf_counter() - t1
        scores = {
            "accuracy": float(accuracy_score(yte, pred)),
            "precision_macro": float(precision_score(yte, pred, average="macro", zero_division=0)),
            "recall_macro": float(recall_score(yte, pred, average="macro", zero_division=0)),
        }
        emit(ev="predict", s=pred_s, scores=scores)
        if k == 0 and fit_s > SINGLE_FIT_OVER_S:
            break
    import sklearn

    notes.add(f"scikit-learn {sklearn.__version__}")
    emit(ev="done", peak_rss_mb=peak_rss_mb(), note="; ".join(sorted(notes)))


if __name__ == "__main__":
    try:
        main()
    except Exception as e:  # reported to the parent as an event, exit code 1
        emit(ev="error", message=f"{type(e).__name__}: {e}"[:400])
        sys.exit(1)
