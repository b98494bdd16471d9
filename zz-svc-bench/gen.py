import numpy as np
from sklearn.datasets import make_classification
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler
for n, tag in [(20000, '14k'), (100000, '70k')]:
    X, y = make_classification(n_samples=n, n_features=20, n_informative=10, n_classes=3, random_state=0)
    Xtr, Xte, ytr, yte = train_test_split(X, y, test_size=0.3, random_state=0)
    sc = StandardScaler().fit(Xtr); Xtr = sc.transform(Xtr); Xte = sc.transform(Xte)
    np.savetxt('tr%s.csv' % tag, np.column_stack([Xtr, ytr]), delimiter=',', fmt='%.17g')
    np.savetxt('te%s.csv' % tag, np.column_stack([Xte, yte]), delimiter=',', fmt='%.17g')
