/**
 * The autolearn web console: catalog, a training form generated from the catalog, live training
 * with a chart and a stop button, sessions and experiments (detail, compare, evaluate, save), and the
 * admin log. A hash router keeps every page addressable without server-side routes.
 */
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { apiKey } from './api.js';
import { AdminPage } from './pages/admin.js';
import { CatalogPage } from './pages/catalog.js';
import { ComparePage } from './pages/compare.js';
import { DatasetsPage } from './pages/datasets.js';
import { JobPage } from './pages/job.js';
import { RecordPage } from './pages/record.js';
import { RecordsPage } from './pages/records.js';
import { SignInPage } from './pages/sign-in.js';
import { TrainPage } from './pages/train.js';
import './styles.css';

function useHash(): string {
  const [hash, setHash] = useState(location.hash.slice(1) || '/catalog');
  useEffect(() => {
    const on = () => setHash(location.hash.slice(1) || '/catalog');
    addEventListener('hashchange', on);
    return () => removeEventListener('hashchange', on);
  }, []);
  return hash;
}

function route(path: string) {
  const [, page = 'catalog', a, b] = (path.split('?')[0] ?? '').split('/');
  switch (page) {
    case 'train':
      return <TrainPage />;
    case 'jobs':
      return <JobPage token={a ?? ''} />;
    case 'sessions':
    case 'experiments':
      return a ? <RecordPage store={page} token={a} /> : <RecordsPage store={page} />;
    case 'compare':
      return (
        <ComparePage store={a === 'experiments' ? 'experiments' : 'sessions'} tokens={(b ?? '').split(',')} />
      );
    case 'datasets':
      return <DatasetsPage />;
    case 'admin':
      return <AdminPage />;
    case 'sign-in':
      return <SignInPage />;
    default:
      return <CatalogPage />;
  }
}

const NAV: readonly [string, string][] = [
  ['/catalog', 'Catalog'],
  ['/datasets', 'Datasets'],
  ['/train', 'Train'],
  ['/sessions', 'Sessions'],
  ['/experiments', 'Experiments'],
  ['/admin', 'Admin log'],
];

function App() {
  const hash = useHash();
  const signedIn = apiKey.get() !== null;
  const section = `/${(hash.split('?')[0] ?? '').split('/')[1] ?? ''}`;
  return (
    <>
      <header>
        <a class="brand" href="#/catalog">
          autolearn
        </a>
        <nav aria-label="Main">
          {NAV.map(([href, label]) => (
            <a key={href} href={`#${href}`} aria-current={section === href ? 'page' : undefined}>
              {label}
            </a>
          ))}
        </nav>
        <a class="account" href="#/sign-in">
          {signedIn ? 'Account' : 'Sign in'}
        </a>
      </header>
      <main id="main">{route(hash)}</main>
    </>
  );
}

render(<App />, document.getElementById('app')!);
