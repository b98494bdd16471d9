/** A ParamSpec table: name, type, default, allowed range/options, description. */
import type { CatalogParamSpec } from '../../../catalog/seed-param.js';
import { fmt } from './ui.js';

export function allowed(s: CatalogParamSpec): string {
  const parts: string[] = [];
  if (s.range_l !== null || s.range_u !== null) {
    const lo = s.range_l === null ? '(-inf' : `${s.range_l_exclusive ? '(' : '['}${s.range_l}`;
    const hi = s.range_u === null ? 'inf)' : `${s.range_u}${s.range_u_exclusive ? ')' : ']'}`;
    parts.push(`${lo}, ${hi}`);
  }
  if (s.options.length > 0) parts.push(s.options.map((o) => JSON.stringify(o)).join(' | '));
  return parts.join(' or ') || 'any';
}

export function ParamTable({ specs, caption }: { specs: readonly CatalogParamSpec[]; caption: string }) {
  return (
    <table>
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Type</th>
          <th scope="col">Default</th>
          <th scope="col">Allowed</th>
          <th scope="col">Description</th>
        </tr>
      </thead>
      <tbody>
        {specs.map((s) => (
          <tr key={s.param_name}>
            <th scope="row">
              <code>{s.param_name}</code>
            </th>
            <td>{s.param_type}</td>
            <td>
              <code>{fmt(s.default)}</code>
            </td>
            <td>{allowed(s)}</td>
            <td>{s.description ?? ''}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
