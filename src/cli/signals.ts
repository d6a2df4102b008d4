/**
 * `levibot score`, `levibot ds append|report` and `levibot train`: the signal tools, working on
 * DATA_DIR like the server (same model file, same user dataset, events in the same store).
 */
import { parseArgs } from 'node:util';
import { createEventStore, loadRuntimeConfig } from '../app/app.js';
import { InProcessBus } from '../bus/index.js';
import { EventLog } from '../events/index.js';
import { ConfigError, ValidationError } from '../shared/errors.js';
import { createSignalDomain, type SignalDomain } from '../signals/index.js';

async function withSignals<T>(run: (signals: SignalDomain) => Promise<T>): Promise<T> {
  const config = loadRuntimeConfig().values;
  const store = await createEventStore(config);
  try {
    const signals = createSignalDomain(config, {
      log: new EventLog(store, new InProcessBus()),
      bot: { running: false },
    });
    return await run(signals);
  } finally {
    await store.close();
  }
}

function print(value: unknown): void {
  console.log(JSON.stringify(value, null, 2));
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** `levibot score TEXT` (or `-` to read the message from standard input). */
export async function scoreCommand(args: string[]): Promise<void> {
  const [text] = args;
  if (text === undefined)
    throw ValidationError.forField('TEXT', 'give the message to score (or - to read standard input)');
  const message = text === '-' ? await readStdin() : text;
  await withSignals(async (signals) => print(await signals.service.score(message)));
}

/** `levibot ds append TEXT LABEL` and `levibot ds report`. */
export async function datasetCommand(args: string[]): Promise<void> {
  const [action, ...rest] = args;
  if (action === 'append') {
    const [text, label] = rest;
    if (text === undefined || label === undefined)
      throw ValidationError.forField('LABEL', 'usage: levibot ds append TEXT LABEL (BUY, SELL or NO-TRADE)');
    await withSignals(async (signals) => {
      const appended = await signals.lab.append({ text, label }, 'cli');
      print({ appended: { text: appended.text, label: appended.label }, dataset: appended.dataset });
    });
    return;
  }
  if (action === 'report') {
    await withSignals(async (signals) => print(signals.lab.report()));
    return;
  }
  throw ValidationError.forField('ds', `unknown action "${action ?? ''}": use append or report`);
}

/** `levibot train [--seed N]`. */
export async function trainCommand(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { seed: { type: 'string' } } });
  const seed = values.seed === undefined ? undefined : Number(values.seed);
  if (seed !== undefined && (!Number.isInteger(seed) || seed < 0))
    throw new ConfigError('--seed: must be a non-negative integer', '--seed');
  await withSignals(async (signals) =>
    print(await signals.lab.train({ ...(seed !== undefined ? { seed } : {}), via: 'cli' })),
  );
}
