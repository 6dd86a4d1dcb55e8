'use strict';
// Emits events read as JSON lines from standard input, in the shape `eventbus tail` prints
// (event_type a wire name such as tool.invoked, timestamp RFC 3339, details plain JSON), with the
// registry's latest schema, the correlation id as key, CloudEvents headers and Java's partitioner.
// event_id, timestamp and correlation_id are filled in when absent; whole numbers in details are
// sent as long, others as double. Prints where each landed: {"event_id", "topic", "partition", "offset"}.
//   node produce.js [--bootstrap 127.0.0.1:9092] [--registry http://127.0.0.1:8081] [--prefix events] < events.jsonl
const readline = require('readline');
const { connect, headersOf, micros, newProducer, newUlid, symbolOf, topicOf, wrap, parseArgs } = require('./eventbus');

function toAvro(shown) {                              // the EventJson shape -> the object registry.encode takes
  const event = { ...shown };
  event.event_type = symbolOf(shown.event_type);
  event.event_id = shown.event_id || newUlid();
  event.timestamp = shown.timestamp ? micros(shown.timestamp) : Date.now() * 1000;
  event.correlation_id = shown.correlation_id || newUlid();
  event.details = Object.fromEntries(Object.entries(shown.details || {}).map(([k, v]) => [k, wrap(v)]));
  return event;
}

async function main() {
  const options = parseArgs(process.argv.slice(2), { bootstrap: '127.0.0.1:9092', registry: 'http://127.0.0.1:8081',
    prefix: 'events' });
  const { kafka, registry } = connect({ ...options, clientId: 'node-produce' });
  const producer = newProducer(kafka);
  const schemaIds = new Map();                        // the latest registered schema of each subject
  await producer.connect();
  try {
    for await (const line of readline.createInterface({ input: process.stdin })) {
      if (line.trim() === '') continue;
      const event = toAvro(JSON.parse(line));
      const topic = topicOf(options.prefix, event.event_type);
      if (!schemaIds.has(topic)) schemaIds.set(topic, await registry.getLatestSchemaId(`${topic}-value`));
      const [landed] = await producer.send({ topic, acks: -1, messages: [{
        key: event.correlation_id, value: await registry.encode(schemaIds.get(topic), event), headers: headersOf(event),
      }] });
      process.stdout.write(`${JSON.stringify({ event_id: event.event_id, topic, partition: landed.partition,
        offset: Number(landed.baseOffset) })}\n`);
    }
  } finally {
    await producer.disconnect();
  }
}

main().catch((e) => { process.stderr.write(`produce: ${e.stack || e}\n`); process.exit(1); });
