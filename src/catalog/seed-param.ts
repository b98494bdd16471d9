/**
 * ParamSpec <-> the seed's param_spec JSON. The seed's schema cannot say whether a bound is
 * exclusive, so the rendered catalog adds `range_l_exclusive` / `range_u_exclusive`; with them a
 * client (or the training service) rebuilds exactly the table the model validates against.
 */
import {
  type ParamOption,
  type ParamSpec,
  type ParamType,
  type SeedParamSpec,
  toSeedParamSpec,
} from '../core/params.js';

export interface CatalogParamSpec extends SeedParamSpec {
  range_l_exclusive: boolean;
  range_u_exclusive: boolean;
}

/**
 * A ParamSpec as the catalog's JSON, plus `range_l_exclusive` / `range_u_exclusive` so that a client
 * can rebuild exactly the table the model validates against.
 */
export function toCatalogParamSpec(s: ParamSpec): CatalogParamSpec {
  return {
    ...toSeedParamSpec(s),
    range_l_exclusive: s.minExclusive ?? false,
    range_u_exclusive: s.maxExclusive ?? false,
  };
}

const TYPES: readonly ParamType[] = ['int', 'float', 'bool', 'string', 'object'];

/**
 * Rebuilds a ParamSpec from its catalog JSON (null in `options` means nullable).
 *
 * @example
 * ```ts
 * import { buildCatalog, fromSeedParamSpec, registerBuiltins, Registry } from 'autolearn/catalog';
 *
 * const catalog = buildCatalog(await registerBuiltins(new Registry()));
 * const svc = catalog.models.find((m) => m.model_name === 'SVC')!;
 * console.log(svc.model_hyperparams.map(fromSeedParamSpec).map((s) => `${s.name}: ${s.type}`));
 * ```
 */
export function fromSeedParamSpec(p: SeedParamSpec & Partial<CatalogParamSpec>): ParamSpec {
  const options: ParamOption[] = (p.options ?? []).filter((o) => o !== null);
  return {
    name: p.param_name,
    type: (TYPES as readonly string[]).includes(p.param_type) ? (p.param_type as ParamType) : 'object',
    default: p.default,
    description: p.description ?? '',
    ...(p.range_l === null || p.range_l === undefined ? {} : { min: p.range_l }),
    ...(p.range_u === null || p.range_u === undefined ? {} : { max: p.range_u }),
    ...(p.range_l_exclusive ? { minExclusive: true } : {}),
    ...(p.range_u_exclusive ? { maxExclusive: true } : {}),
    ...(options.length ? { options } : {}),
    ...((p.options ?? []).includes(null) ? { nullable: true } : {}),
  };
}
