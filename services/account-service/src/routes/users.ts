/** /api/users: user administration (admins only). */
import { idParamsSchema, requireAdmin, type ServiceApp } from '@smh/shared';
import type { IdentityUseCases } from '../use-cases/identity.js';
import { createUserSchema, updateUserSchema, userEnvelopeSchema, userListSchema } from './schemas.js';

const tags = ['users'];

export function registerUserRoutes(app: ServiceApp, identity: IdentityUseCases): void {
  app.post(
    '/api/users',
    {
      preHandler: requireAdmin,
      schema: { tags, summary: 'Create a user', body: createUserSchema, response: { 201: userEnvelopeSchema } },
    },
    async (request, reply) => {
      const user = await identity.createUser(request.body.username, request.body.password, request.body.role);
      return reply.code(201).send({ user });
    },
  );

  app.get(
    '/api/users',
    { preHandler: requireAdmin, schema: { tags, summary: 'List users', response: { 200: userListSchema } } },
    async () => ({
      items: await identity.listUsers(),
    }),
  );

  app.patch(
    '/api/users/:id',
    {
      preHandler: requireAdmin,
      schema: {
        tags,
        summary: 'Disable/enable a user or change their role',
        params: idParamsSchema,
        body: updateUserSchema,
        response: { 200: userEnvelopeSchema },
      },
    },
    async (request) => ({ user: await identity.updateUser(request.params.id, request.body) }),
  );
}
