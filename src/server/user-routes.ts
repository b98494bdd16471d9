/**
 * User management over HTTP (admin role): POST /admin/users creates a user and answers its API key
 * (the only time it is shown), GET /admin/users lists users, DELETE /admin/users/:name revokes one.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { AccountError } from '../services/accounts/errors.js';
import { type AccountStore, USER_ROLES, type UserRole } from '../services/accounts/types.js';
import { errorSchema, type JsonSchema } from './schemas.js';

const name: JsonSchema = {
  type: 'string',
  minLength: 1,
  maxLength: 64,
  pattern: '^[A-Za-z0-9][A-Za-z0-9._-]*$',
};

export const userSchema: JsonSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    name: { type: 'string' },
    role: { type: 'string', enum: [...USER_ROLES] },
    key_id: { type: 'string' },
    created_at: { type: 'integer' },
    revoked_at: { type: ['integer', 'null'] },
  },
  required: ['id', 'name', 'role', 'key_id', 'created_at', 'revoked_at'],
  additionalProperties: false,
};

const createdSchema: JsonSchema = {
  type: 'object',
  properties: {
    user: userSchema,
    api_key: { type: 'string', description: 'The API key: shown only in this answer, stored hashed' },
  },
  required: ['user', 'api_key'],
  additionalProperties: false,
};

const errors = { 400: errorSchema, 500: errorSchema };

async function answer<T>(reply: FastifyReply, fn: () => Promise<T>): Promise<T | FastifyReply> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof AccountError) {
      return reply
        .status(e.status)
        .send({ error: e.status === 409 ? 'conflict' : 'bad_request', message: e.message });
    }
    throw e;
  }
}

export function registerUserRoutes(app: FastifyInstance, accounts: AccountStore): void {
  app.get(
    '/me',
    {
      config: { summary: 'Who the API key belongs to (the web console shows it after sign-in)' },
      schema: {
        response: {
          200: {
            type: 'object',
            properties: { id: { type: 'string' }, name, role: { type: 'string', enum: [...USER_ROLES] } },
            required: ['id', 'name', 'role'],
          },
          ...errors,
        },
      },
    },
    async (req) => {
      const actor = req.actor!;
      return { id: actor.id, name: actor.name, role: actor.role };
    },
  );
  app.post(
    '/admin/users',
    {
      config: { summary: 'Create a user with a new API key (shown once)', admin: true },
      schema: {
        body: {
          type: 'object',
          properties: { name, role: { type: 'string', enum: [...USER_ROLES] } },
          required: ['name'],
          additionalProperties: false,
        },
        response: { 201: createdSchema, 409: errorSchema, ...errors },
      },
    },
    async (req, reply) => {
      const body = req.body as { name: string; role?: UserRole };
      return answer(reply, async () => {
        const created = await accounts.create(body.name, body.role ?? 'user');
        return reply.status(201).send(created);
      });
    },
  );
  app.get(
    '/admin/users',
    {
      config: { summary: 'List users (revoked ones included); keys are never shown', admin: true },
      schema: { response: { 200: { type: 'array', items: userSchema }, ...errors } },
    },
    async () => accounts.list(),
  );
  app.delete(
    '/admin/users/:name',
    {
      config: { summary: 'Revoke a user: its API key stops working at once (its records stay)', admin: true },
      schema: {
        params: { type: 'object', properties: { name }, required: ['name'], additionalProperties: false },
        response: { 200: userSchema, 404: errorSchema, ...errors },
      },
    },
    async (req, reply) => answer(reply, () => accounts.revoke((req.params as { name: string }).name)),
  );
}
