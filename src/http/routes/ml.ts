/** /ml/*: grow the signal dataset, train the text model, inspect both. */
import Type from 'typebox';
import type { SignalLab } from '../../signals/index.js';
import type { HttpApp } from '../server.js';

export function registerMlRoutes(app: HttpApp, lab: SignalLab): void {
  app.post(
    '/ml/dataset/append',
    {
      schema: {
        tags: ['ml'],
        summary: 'Add a labelled example to the user dataset (emits DS_APPEND)',
        body: Type.Object({
          text: Type.String(),
          label: Type.String({ description: 'BUY, SELL or NO-TRADE' }),
        }),
      },
      // The dataset validates text and label itself and names the field; see signals.ts.
      validatorCompiler: () => () => true,
    },
    async (request, reply) => {
      const body = (request.body ?? {}) as { text?: unknown; label?: unknown };
      const appended = await lab.append({ text: body.text, label: body.label }, 'api');
      return reply
        .status(201)
        .send({ appended: { text: appended.text, label: appended.label }, dataset: appended.dataset });
    },
  );

  app.get(
    '/ml/dataset/report',
    { schema: { tags: ['ml'], summary: 'Dataset size, class counts, duplicates' } },
    async () => lab.report(),
  );

  app.post(
    '/ml/train',
    {
      schema: {
        tags: ['ml'],
        summary: 'Train the text model on shipped + user data, save it and use it (emits MODEL_TRAINED)',
        body: Type.Optional(
          Type.Object({ seed: Type.Optional(Type.Integer({ minimum: 0, maximum: 2 ** 31 - 1 })) }),
        ),
      },
    },
    async (request) =>
      lab.train({ ...(request.body?.seed !== undefined ? { seed: request.body.seed } : {}), via: 'api' }),
  );

  app.get(
    '/ml/model',
    { schema: { tags: ['ml'], summary: 'The model in use: training data, metrics, file' } },
    async () => lab.modelView(),
  );
}
