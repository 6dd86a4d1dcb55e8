'use strict';
// Prints the platform's events as JSON lines, in the shape `eventbus tail` prints them.
//   node consume.js [--bootstrap 127.0.0.1:9092] [--registry http://127.0.0.1:8081] [--prefix events]
//                   [--domains plan,tool] [--types tool.invoked,tool.failed] [--group NAME] [--max N]
// Reads each domain topic from the beginning (a new group each run unless --group is given);
// stops after --max events (0: until Ctrl-C).
const { DOMAINS, connect, decode, eventJson, newUlid, parseArgs } = require('./eventbus');

async function main() {
  const options = parseArgs(process.argv.slice(2), { bootstrap: '127.0.0.1:9092', registry: 'http://127.0.0.1:8081',
    prefix: 'events', domains: DOMAINS.join(','), types: '', group: `node-consume-${newUlid()}`, max: '0' });
  const { kafka, registry, readerSchema } = connect({ ...options, clientId: 'node-consume' });
  const wanted = new Set(options.types.split(',').filter((type) => type !== ''));
  const max = Number(options.max);
  const consumer = kafka.consumer({ groupId: options.group });
  let printed = 0;
  const stop = async () => { await consumer.disconnect(); process.exit(0); };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  consumer.on(consumer.events.CRASH, ({ payload }) => {      // a crash kafkajs does not restart from
    if (!payload.restart) { process.stderr.write(`consume: ${payload.error.message}\n`); process.exit(1); }
  });
  await consumer.connect();
  await consumer.subscribe({ topics: options.domains.split(',').map((domain) => `${options.prefix}.${domain}`),
    fromBeginning: true });
  await consumer.run({ eachMessage: async ({ topic, partition, message }) => {
    const type = message.headers.ce_type && message.headers.ce_type.toString();
    if (wanted.size > 0 && type !== undefined && !wanted.has(type)) return;   // route without decoding
    let event;
    try {
      event = await decode(registry, readerSchema, message.value);
    } catch (e) {                                     // never let one bad record stop the consumer
      process.stderr.write(`skipped ${topic}-${partition}:${message.offset}: ${e.message}\n`);
      return;
    }
    if (event.event_type === 'UNKNOWN') return;       // a type newer than our .avsc
    if (max > 0 && printed >= max) return;
    process.stdout.write(`${eventJson(event)}\n`);
    if (++printed === max) setImmediate(stop);
  } });
}

main().catch((e) => { process.stderr.write(`consume: ${e.stack || e}\n`); process.exit(1); });
