'use strict';
// A demo agent in Node playing the tool runner, with the command line of `eventbus agent`:
//   node agent.js --role tool-runner --run RUN --index I --of N --plans M --bootstrap HOST:PORT
//                 --registry URL --prefix PREFIX --timeout SECONDS
// Like the Java tool runner (AgentBehaviour.runTool): for each decision.approved of its run it emits
// tool.invoked, budget.consumed and then tool.succeeded or tool.failed, each caused by the one
// before, with the approval's key (correlation id), CloudEvents headers and Java's partitioner.
// It talks to the demo as the Java agents do: `ready <pid>`, `progress emitted=N handled=M done=K`
// twice a second, `summary <json>` when its standard input closes, then it exits 0. --plans and
// --timeout are taken for the same command line; a tool runner, Java's too, has no use for them.
// Its consumer group is `<run>-tool-runners-node`: kafkajs cannot share a group with Java
// consumers (different assignment protocols), so run it instead of the Java tool runners, not beside them.
const { connect, decode, headersOf, newProducer, newUlid, parseArgs, topicOf, wireName, wrap } = require('./eventbus');

// DemoPlans' outcome of a plan: Java's String.hashCode of `<plan>/<salt>`, mixed, into buckets.
function bucket(planId, salt, buckets) {
  let h = 0;
  const text = `${planId}/${salt}`;
  for (let i = 0; i < text.length; i++) h = (Math.imul(h, 31) + text.charCodeAt(i)) | 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return ((h % buckets) + buckets) % buckets;
}
const toolFails = (planId) => bucket(planId, 'tool', 5) === 0;
const passingErrorFirst = (planId) => bucket(planId, 'flaky', 6) === 0;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const pause = (min, max) => sleep(min + Math.floor(Math.random() * (max - min + 1)));

class TransientToolError extends Error {}

async function main() {
  const options = parseArgs(process.argv.slice(2), { role: '', run: '', index: '0', of: '1', plans: '5',
    bootstrap: '127.0.0.1:9092', registry: 'http://127.0.0.1:8081', prefix: 'events', timeout: '300', 'command-config': '' });
  if (options.role !== 'tool-runner' || options.run === '') {
    process.stderr.write(`usage: node agent.js --role tool-runner --run RUN [--index I] [--of N] [--plans M] `
      + `[--bootstrap HOST:PORT] [--registry URL] [--prefix PREFIX] [--timeout SECONDS] [--command-config FILE]; this agent plays `
      + `the tool runner only (role was '${options.role}')\n`);
    process.exit(2);
  }
  const name = `tool-runner-${options.index}`;
  const source = `/demo/${options.run}/node-${name}`;
  const { kafka, registry, readerSchema } = connect({ ...options, commandConfig: options['command-config'], clientId: `${options.run}-node-${name}` });
  const producer = newProducer(kafka);
  const consumer = kafka.consumer({ groupId: `${options.run}-tool-runners-node` });
  const schemaIds = new Map();
  const counts = { emitted: 0, handled: 0, retried: 0, plans: {} };

  async function emit(type, cause, details, traceparent) { // an event of this agent about the cause's plan, caused by it
    const event = { event_id: newUlid(), event_type: type, timestamp: Date.now() * 1000,
      correlation_id: cause.correlation_id, causation_id: cause.event_id, plan_id: cause.plan_id,
      root_plan_id: cause.root_plan_id, project_name: options.run, source,
      details: Object.fromEntries(Object.entries(details).map(([k, v]) => [k, wrap(v)])) };
    const topic = topicOf(options.prefix, type);
    if (!schemaIds.has(topic)) schemaIds.set(topic, await registry.getLatestSchemaId(`${topic}-value`));
    await producer.send({ topic, acks: -1, messages: [{ key: event.correlation_id,
      value: await registry.encode(schemaIds.get(topic), event), headers: headersOf(event, traceparent) }] });
    counts.emitted++;                                 // counted once Kafka acknowledged it
    const plan = counts.plans[event.plan_id] || (counts.plans[event.plan_id] = { types: {}, allocated: 0, consumed: 0 });
    plan.types[wireName(type)] = (plan.types[wireName(type)] || 0) + 1;
    if (type === 'BUDGET_CONSUMED') plan.consumed += details.amount;
    return event;
  }

  // AgentBehaviour.runTool; every event it emits carries the approval's traceparent: the plan's trace goes on
  async function runTool(approved, attempt, traceparent) {
    const planId = approved.plan_id;
    if (passingErrorFirst(planId) && attempt === 1) {
      counts.retried++;
      throw new TransientToolError(`sandbox for ${planId} not ready (passing error; retried)`);
    }
    const invoked = await emit('TOOL_INVOKED', approved, { tool: 'search', args: { query: `demo ${planId}`, limit: 5 } }, traceparent);
    await pause(20, 60);
    const consumed = await emit('BUDGET_CONSUMED', invoked, { amount: 1.25 }, traceparent);
    if (toolFails(planId)) {
      await emit('TOOL_FAILED', invoked, { tool: 'search', error: 'upstream timed out' }, traceparent);
    } else {
      await emit('TOOL_SUCCEEDED', invoked, { tool: 'search', results: 3 }, traceparent);
    }
    return consumed;
  }

  async function handle(approved, traceparent) {      // retried like the Java subscriber: 4 retries, backing off
    for (let attempt = 1; ; attempt++) {
      counts.handled++;                               // each handler call, as the Java agents count
      try {
        return await runTool(approved, attempt, traceparent);
      } catch (e) {
        if (!(e instanceof TransientToolError) || attempt > 4) throw e;
        await sleep(Math.min(50 * 2 ** (attempt - 1), 500));
      }
    }
  }

  const progress = () => process.stdout.write(`progress emitted=${counts.emitted} handled=${counts.handled} done=0\n`);
  let stopping;
  const stop = () => stopping || (stopping = (async () => {
    clearInterval(ticker);
    await consumer.disconnect();
    await producer.disconnect();
    progress();
    process.stdout.write(`summary ${JSON.stringify({ agent: name, role: 'tool-runner', emitted: counts.emitted,
      handled: counts.handled, retried: counts.retried, plans: counts.plans })}\n`);
    process.exit(0);
  })());

  await producer.connect();
  await consumer.connect();
  await consumer.subscribe({ topics: [`${options.prefix}.decision`], fromBeginning: true });
  const joined = new Promise((resolve) => consumer.on(consumer.events.GROUP_JOIN, resolve));
  // partitions in parallel, each in order (a key stays on one partition), as the Java subscriber keeps each key in order
  await consumer.run({ partitionsConsumedConcurrently: 8, eachMessage: async ({ message }) => {
    const type = message.headers.ce_type && message.headers.ce_type.toString();
    if (type !== undefined && type !== 'decision.approved') return;          // route without decoding
    const event = await decode(registry, readerSchema, message.value);
    if (event.event_type !== 'DECISION_APPROVED' || event.project_name !== options.run) return;
    await handle(event, message.headers.traceparent && message.headers.traceparent.toString());
  } });
  consumer.on(consumer.events.CRASH, ({ payload }) => {      // a crash kafkajs does not restart from
    if (!payload.restart) { process.stdout.write(`error subscriber failed: ${payload.error.message}\n`); process.exit(1); }
  });
  await joined;
  process.stdout.write(`ready ${process.pid}\n`);
  const ticker = setInterval(progress, 500);
  progress();
  process.stdin.on('end', stop);
  process.stdin.on('error', stop);                    // a broken pipe means the same: the demo is gone
  process.stdin.resume();
}

main().catch((e) => { process.stdout.write(`error ${e.message}\n`); process.stderr.write(`${e.stack}\n`); process.exit(1); });
