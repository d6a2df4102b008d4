/**
 * The `levibot` command. `serve` (the default) runs the server; the others are one-shot tools.
 */
import { parseArgs } from 'node:util';
import { createLeviBot, createEventStore, loadRuntimeConfig } from '../app/app.js';
import { EventLog } from '../events/index.js';
import { InProcessBus } from '../bus/index.js';
import { ConfigError, LeviBotError } from '../shared/errors.js';
import { generateDemoEvents } from './demo-data.js';
import { datasetCommand, scoreCommand, trainCommand } from './signals.js';

const USAGE = `Usage: levibot [command] [options]

Commands:
  serve                 Run the server (default). Reads PORT, HOST, DATA_DIR and the other settings.
  seed-demo [--days N] [--seed N]
                        Fill the store under DATA_DIR with a realistic demo day of events.
  score TEXT            Extract and score a signal message (TEXT - reads standard input); prints
                        the same JSON as POST /signals/score.
  ds append TEXT LABEL  Add a labelled example (BUY, SELL or NO-TRADE) to DATA_DIR/signals/dataset.jsonl.
  ds report             Dataset size and class counts (shipped + user examples).
  train [--seed N]      Train the signal model on shipped + user data; saves DATA_DIR/signals/model.json
                        and model-metrics.json (a running server picks the model up at its next start).
  help                  Show this text.`;

async function serve(): Promise<void> {
  const levibot = await createLeviBot(loadRuntimeConfig());
  const address = await levibot.listen();
  levibot.http.log.info(
    { url: address.url, store: levibot.store.kind, data_dir: levibot.config.values.DATA_DIR },
    `LeviBot ${levibot.build.version} listening on ${address.url} (API docs at ${address.url}/docs)`,
  );
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    levibot.http.log.info({ signal }, 'shutting down');
    levibot.close().then(
      () => process.exit(0),
      (error: unknown) => {
        levibot.http.log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

async function seedDemo(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { days: { type: 'string' }, seed: { type: 'string' } } });
  const days = values.days === undefined ? 1 : Number(values.days);
  const seed = values.seed === undefined ? 42 : Number(values.seed);
  if (!Number.isInteger(days) || days < 1 || days > 30)
    throw new ConfigError('--days: must be an integer 1-30', '--days');
  if (!Number.isInteger(seed)) throw new ConfigError('--seed: must be an integer', '--seed');
  const config = loadRuntimeConfig().values;
  const store = await createEventStore(config);
  const log = new EventLog(store, new InProcessBus());
  const events = generateDemoEvents({ days, seed });
  for (let i = 0; i < events.length; i += 1000) await log.emit(...events.slice(i, i + 1000));
  await store.close();
  console.log(JSON.stringify({ appended: events.length, days, seed, data_dir: config.DATA_DIR }));
}

export async function main(argv: string[]): Promise<void> {
  const [command = 'serve', ...rest] = argv;
  switch (command) {
    case 'serve':
      return serve();
    case 'seed-demo':
      return seedDemo(rest);
    case 'score':
      return scoreCommand(rest);
    case 'ds':
      return datasetCommand(rest);
    case 'train':
      return trainCommand(rest);
    case 'help':
    case '--help':
    case '-h':
      console.log(USAGE);
      return;
    default:
      console.error(`levibot: unknown command "${command}"\n\n${USAGE}`);
      process.exitCode = 2;
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof ConfigError) {
    console.error(`levibot: configuration error: ${error.message}`);
    process.exitCode = 78;
  } else if (error instanceof LeviBotError) {
    console.error(`levibot: ${error.message}`);
    process.exitCode = 1;
  } else {
    console.error(error);
    process.exitCode = 1;
  }
});
