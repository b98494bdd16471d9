"""scikit-learn side of the autolearn benchmark (run with /usr/bin/python3).

    sklearn_bench.py --model M --train PREFIX --test PREFIX [--threads 1|all] [--repeats 3] [--warm-budget 20]

Same protocol as benchmarks/lib/protocol.ts: read the runtime's RSS after the imports, read the
train part from its binary files (PREFIX.f64 float64 features, PREFIX.i32 labels, PREFIX.json
shape), fit a StandardScaler on train outside the timed region for SVC / LinearSVC /
LogisticRegression, reset the peak-RSS mark, time the cold fit (the first of this process) with
its peak RSS, read the test part, time the cold predict, then up to --repeats warm fit + predict
repeats (no new one once they took --warm-budget seconds; at least one). Progress is printed as
JSON lines (events 'loaded', 'fit', 'predict', 'done', 'error'). BLAS / OpenMP thread pools are
the parent's business (OMP/OPENBLAS/MKL_NUM_THREADS=1 for --threads 1); n_jobs follows --threads.
"""
import argparse
import gc
import json
import pickle
import resource
import sys
import time
import warnings

STANDARDIZED = {"SVC-rbf", "SVC-linear", "LinearSVC", "LogisticRegression", "LR-liblinear-l1", "LR-newton-cg",
                "LR-newton-cholesky", "LR-sag", "LR-saga-elasticnet", "LinSVC-l1", "LinSVC-crammer_singer"}


def emit(**event):
    sys.stdout.write(json.dumps(event) + "\n")
    sys.stdout.flush()


def load(prefix):
    import numpy as np

    with open(prefix + ".json") as f:
        meta = json.load(f)
    rows, d = int(meta["rows"]), int(meta["d"])
    X = np.fromfile(prefix + ".f64", dtype="<f8")
    y = np.fromfile(prefix + ".i32", dtype="<i4")
    if X.size != rows * d or y.size != rows:
        raise ValueError(f"{prefix}: file sizes do not match {rows} x {d} (.json)")
    return X.reshape(rows, d), y.astype(np.int64)


def rows_of(prefix):
    with open(prefix + ".json") as f:
        return int(json.load(f)["rows"])


def status_mb(field):
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1]) / 1024.0
    except OSError:
        pass
    return None


def reset_peak_rss():
    """Resets VmHWM to the current RSS (Linux >= 4.0); False where that is not possible."""
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
        return True
    except OSError:
        return False


def peak_rss_mb():
    """VmHWM from /proc/self/status (ru_maxrss survives fork + exec: it would start at the parent's RSS)."""
    v = status_mb("VmHWM")
    return v if v is not None else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def rss_now_mb():
    v = status_mb("VmRSS")
    return v if v is not None else peak_rss_mb()


def make_model(name, n_jobs, n_samples, n_features):
    """A factory of the model, importing only the module it needs (start-up time matters in --quick).

    n_jobs: None (one thread) or -1 (every core), for the models that take it. LinearSVC gets
    scikit-learn >= 1.3's dual='auto' (primal when samples outnumber features), emulated on 1.2,
    whose default dual=True solver often stops at max_iter on these sets.
    """
    if name in ("SVC-rbf", "SVC-linear"):
        from sklearn.svm import SVC

        kernel = "rbf" if name == "SVC-rbf" else "linear"
        return lambda: SVC(kernel=kernel)
    if name == "LinearSVC":
        from sklearn.svm import LinearSVC

        dual = not n_samples > n_features
        return lambda: LinearSVC(dual=dual, random_state=0)
    if name == "LogisticRegression":
        from sklearn.linear_model import LogisticRegression

        return lambda: LogisticRegression(n_jobs=n_jobs)
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
    if name == "RandomForest":
        from sklearn.ensemble import RandomForestClassifier

        return lambda: RandomForestClassifier(n_jobs=n_jobs, random_state=0)
    if name == "DecisionTree(max_leaf_nodes=100)":
        from sklearn.tree import DecisionTreeClassifier

        return lambda: DecisionTreeClassifier(max_leaf_nodes=100, random_state=0)
    if name == "DecisionTree(ccp_alpha=0.0002)":
        from sklearn.tree import DecisionTreeClassifier

        return lambda: DecisionTreeClassifier(ccp_alpha=0.0002, random_state=0)
    if name == "RandomForest(max_leaf_nodes=100)":
        from sklearn.ensemble import RandomForestClassifier

        return lambda: RandomForestClassifier(max_leaf_nodes=100, n_jobs=n_jobs, random_state=0)
    if name == "GaussianNB":
        from sklearn.naive_bayes import GaussianNB

        return lambda: GaussianNB()
    raise ValueError(f"unknown model {name!r}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", required=True)
    ap.add_argument("--train", required=True)
    ap.add_argument("--test", required=True)
    ap.add_argument("--threads", choices=["1", "all"], default="1")
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--warm-budget", type=float, default=20.0)
    a = ap.parse_args()
    if a.repeats < 0:
        raise ValueError("--repeats must be >= 0")
    import numpy as np  # noqa: F401  (part of the runtime, before its RSS is read)
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.metrics import accuracy_score, precision_score, recall_score
    from sklearn.preprocessing import StandardScaler

    with open(a.train + ".json") as f:
        meta = json.load(f)
    make = make_model(a.model, None if a.threads == "1" else -1, int(meta["rows"]), int(meta["d"]))
    runtime_rss = rss_now_mb()
    Xtr, ytr = load(a.train)
    scaler = StandardScaler().fit(Xtr) if a.model in STANDARDIZED else None
    if scaler is not None:
        Xtr = scaler.transform(Xtr)
    emit(ev="loaded", n_train=int(Xtr.shape[0]), n_test=rows_of(a.test), d=int(Xtr.shape[1]),
         runtime_rss_mb=runtime_rss, data_mb=(Xtr.nbytes + ytr.size * 4) / 2**20)
    start_peak = peak_rss_mb()
    notes = set()
    test = None
    model_mb = None
    warm_s = 0.0
    for k in range(a.repeats + 1):
        if k > 1 and warm_s >= a.warm_budget:
            break
        model = make()
        if k == 0:
            gc.collect()
            reset_peak_rss()
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", ConvergenceWarning)
            t0 = time.perf_counter()
            model.fit(Xtr, ytr)
            fit_s = time.perf_counter() - t0
        if any(issubclass(w.category, ConvergenceWarning) for w in caught):
            notes.add("not converged (ConvergenceWarning)")
        if k == 0:
            emit(ev="fit", s=fit_s, peak_rss_mb=peak_rss_mb())
            model_mb = len(pickle.dumps(model, protocol=pickle.HIGHEST_PROTOCOL)) / 2**20
        else:
            emit(ev="fit", s=fit_s)
        if test is None:
            Xte, yte = load(a.test)
            if Xte.shape[1] != Xtr.shape[1]:
                raise ValueError(f"{a.train} has {Xtr.shape[1]} features but {a.test} has {Xte.shape[1]}")
            test = (scaler.transform(Xte) if scaler is not None else Xte, yte)
        t1 = time.perf_counter()
        pred = model.predict(test[0])
        pred_s = time.perf_counter() - t1
        yte = test[1]
        scores = {
            "accuracy": float(accuracy_score(yte, pred)),
            "precision_macro": float(precision_score(yte, pred, average="macro", zero_division=0)),
            "recall_macro": float(recall_score(yte, pred, average="macro", zero_division=0)),
        }
        emit(ev="predict", s=pred_s, scores=scores)
        if k > 0:
            warm_s += fit_s + pred_s
    import sklearn

    notes.add(f"scikit-learn {sklearn.__version__}")
    emit(ev="done", peak_rss_mb=max(start_peak, peak_rss_mb()), model_mb=model_mb, note="; ".join(sorted(notes)))


if __name__ == "__main__":
    try:
        main()
    except Exception as e:  # reported to the parent as an event, exit code 1
        emit(ev="error", message=f"{type(e).__name__}: {e}"[:400])
        sys.exit(1)
