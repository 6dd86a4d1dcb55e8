'use strict';
// The platform's event contract as a Node agent sees it (docs/interop.md): kafkajs for Kafka,
// @kafkajs/confluent-schema-registry (Avro through avsc) for the Confluent wire format, and the
// helpers every example here shares: ULIDs, DetailValue wrapping, wire names, CloudEvents headers.
const fs = require('fs');
const path = require('path');
const crypto = require('crypto');
const { Kafka, Partitioners, logLevel } = require('kafkajs');
const { SchemaRegistry, SchemaType } = require('@kafkajs/confluent-schema-registry');

// The contract's schema, read from the checkout; copy the file beside your agent elsewhere.
const SCHEMA_FILE = path.join(__dirname, '..', '..', 'schemas', 'src', 'main', 'avro', 'DomainEvent.avsc');
const DOMAINS = ['plan', 'decision', 'actor', 'tool', 'resource', 'sandbox', 'validation', 'session', 'budget',
  'invariant', 'context'];
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

function newUlid() {                              // 48 bits of milliseconds, 80 random bits
  let n = (BigInt(Date.now()) << 80n) | BigInt('0x' + crypto.randomBytes(10).toString('hex'));
  let text = '';
  for (let i = 0; i < 26; i++, n >>= 5n) text = CROCKFORD[Number(n & 31n)] + text;
  return text;
}

class Double { constructor(x) { this.x = x; } }   // new Double(10): send a whole number as double

function wrap(v) {                                // a plain value as a (wrapped) DetailValue
  if (v === null || v === undefined) return { value: null };
  if (v instanceof Double) return { value: { double: v.x } };
  if (typeof v === 'boolean') return { value: { boolean: v } };
  if (typeof v === 'number') return { value: Number.isInteger(v) ? { long: v } : { double: v } };
  if (typeof v === 'string') return { value: { string: v } };
  if (Array.isArray(v)) return { value: { array: v.map(wrap) } };
  return { value: { map: Object.fromEntries(Object.entries(v).map(([k, x]) => [k, wrap(x)])) } };
}

function unwrap(d) {                              // a DetailValue read back as a plain value
  if (d.value === null) return null;
  const [branch, x] = Object.entries(d.value)[0];
  if (branch === 'array') return x.map(unwrap);
  if (branch === 'map') return Object.fromEntries(Object.entries(x).map(([k, y]) => [k, unwrap(y)]));
  if (branch === 'double') return new Double(x);  // keeps 10.0 a double (see detailsJson)
  return x;
}

const wireName = (symbol) => symbol.toLowerCase().replace('_', '.');   // BUDGET_CONSUMED -> budget.consumed
const symbolOf = (wire) => wire.toUpperCase().replace('.', '_');       // budget.consumed -> BUDGET_CONSUMED
const topicOf = (prefix, symbol) => `${prefix}.${symbol.split('_')[0].toLowerCase()}`;

function micros(rfc3339Text) {                    // '2026-01-02T03:04:05.123456Z' -> 1767323045123456
  const parts = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?Z$/.exec(rfc3339Text);
  if (!parts) throw new Error(`not an RFC 3339 time in UTC: '${rfc3339Text}'`);
  return Date.parse(`${parts[1]}Z`) * 1000 + Number((parts[2] || '').padEnd(6, '0').slice(0, 6));
}

function rfc3339(micros) {                        // as Java's Instant.toString() writes it: 0, 3 or 6 digits
  const seconds = Math.floor(micros / 1e6);
  const micro = micros - seconds * 1e6;
  const text = new Date(seconds * 1000).toISOString().slice(0, 19);
  if (micro === 0) return `${text}Z`;
  if (micro % 1000 === 0) return `${text}.${String(micro / 1000).padStart(3, '0')}Z`;
  return `${text}.${String(micro).padStart(6, '0')}Z`;
}

function headersOf(event, traceparent) {          // CloudEvents binary mode, as the Java producer writes them
  const headers = {
    ce_specversion: '1.0', ce_id: event.event_id, ce_type: wireName(event.event_type),
    ce_source: event.source, ce_time: rfc3339(event.timestamp),
  };
  if (event.plan_id) headers.ce_subject = event.plan_id;
  headers.ce_partitionkey = event.correlation_id;
  headers['content-type'] = 'application/avro';
  if (traceparent) headers.traceparent = traceparent; // W3C trace context: a reaction stays in its cause's trace
  return headers;
}

// The details as JSON text, a double always with a fraction (10.0), as the platform prints them.
function detailsJson(value) {
  if (value instanceof Double) return Number.isInteger(value.x) ? value.x.toFixed(1) : JSON.stringify(value.x);
  if (Array.isArray(value)) return `[${value.map(detailsJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.entries(value).map(([k, x]) => `${JSON.stringify(k)}:${detailsJson(x)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

// One decoded event in the shape `eventbus tail` prints (EventJson): wire type name, RFC 3339
// time, absent optional fields left out, details as plain JSON.
function eventJson(event) {
  const shown = { event_id: event.event_id, event_type: wireName(event.event_type), timestamp: rfc3339(event.timestamp),
    correlation_id: event.correlation_id };
  for (const field of ['causation_id', 'plan_id', 'root_plan_id', 'session_id', 'actor_name', 'project_name']) {
    if (event[field] !== null && event[field] !== undefined) shown[field] = event[field];
  }
  shown.source = event.source;
  const details = Object.fromEntries(Object.entries(event.details).map(([k, d]) => [k, unwrap(d)]));
  return `${JSON.stringify(shown).slice(0, -1)},"details":${detailsJson(details)}}`;
}

// kafkajs logs to standard output by default; an agent's standard output is for its report.
const LEVELS = Object.fromEntries(Object.entries(logLevel).map(([name, level]) => [level, name]));
const toStderr = () => ({ level, log }) => process.stderr.write(
  `kafkajs ${LEVELS[level]} ${log.message}${log.error ? `: ${log.error}` : ''}\n`);

// A Java properties file (what `eventbus local --sasl` writes, what Kafka's tools take with
// --command-config) as an object: key=value or key: value lines, #/! comments, backslash escapes
// and line continuations as java.util.Properties reads them.
function readClientProperties(file) {
  const unescape = (text) => text.replace(/\\(u[0-9a-fA-F]{4}|.)/g, (all, c) => (c.length === 5
    ? String.fromCharCode(parseInt(c.slice(1), 16)) : ({ t: '\t', n: '\n', r: '\r', f: '\f' }[c] ?? c)));
  const props = {};
  let pending = '';
  for (const raw of fs.readFileSync(file, 'latin1').split(/\r?\n|\r/)) {
    let line = pending + raw.replace(/^[ \t\f]+/, '');
    pending = '';
    if (line === '' || line[0] === '#' || line[0] === '!') continue;
    if ((line.match(/\\+$/) || [''])[0].length % 2 === 1) { pending = line.slice(0, -1); continue; }
    const split = line.match(/^((?:\\.|[^=: \t\f\\])*)[ \t\f]*[=:]?[ \t\f]*(.*)$/);
    props[unescape(split[1])] = unescape(split[2]);
  }
  return props;
}

// kafkajs' ssl and sasl settings for the Kafka login such a file describes: security.protocol,
// sasl.mechanism (PLAIN, SCRAM-SHA-256, SCRAM-SHA-512) and the user and password of its
// sasl.jaas.config; TLS trusts the system's CAs, or the PEM file in ssl.ca.location (Node cannot
// read Java's PKCS12 trust store, so one given only as that is refused). The registry's login is
// basic.auth.user.info.
function clientSecurity(props) {
  const protocol = (props['security.protocol'] || 'PLAINTEXT').toUpperCase();
  const security = {};
  if (protocol === 'SSL' || protocol === 'SASL_SSL') {
    if (props['ssl.ca.location']) {
      security.ssl = { ca: [fs.readFileSync(props['ssl.ca.location'], 'utf8')] };
    } else if (props['ssl.truststore.location']) {
      throw new Error(`Node cannot read the Java trust store ${props['ssl.truststore.location']}: export its certificate as PEM and set ssl.ca.location`);
    } else {
      security.ssl = true;
    }
  }
  if (protocol.startsWith('SASL')) {
    const jaas = props['sasl.jaas.config'] || '';
    const username = jaas.match(/username\s*=\s*"([^"]*)"/);
    const password = jaas.match(/password\s*=\s*"([^"]*)"/);
    if (!username || !password) {
      throw new Error('sasl.jaas.config must name a username and a password (PlainLoginModule or ScramLoginModule)');
    }
    security.sasl = { mechanism: (props['sasl.mechanism'] || 'PLAIN').toLowerCase(), username: username[1], password: password[1] };
  }
  const userInfo = props['basic.auth.user.info'];
  const colon = userInfo ? userInfo.indexOf(':') : -1;
  const registryAuth = colon < 0 ? undefined : { username: userInfo.slice(0, colon), password: userInfo.slice(colon + 1) };
  return { kafka: security, registryAuth };
}

// commandConfig: the path of such a file, or '' for an open platform.
function connect({ bootstrap, registry, clientId, commandConfig = '' }) {
  const security = commandConfig ? clientSecurity(readClientProperties(commandConfig)) : { kafka: {} };
  return {
    kafka: new Kafka({ clientId, brokers: bootstrap.split(','), logLevel: logLevel.WARN, logCreator: toStderr, ...security.kafka }),
    registry: new SchemaRegistry({ host: registry, ...(security.registryAuth ? { auth: security.registryAuth } : {}) }),
    readerSchema: fs.readFileSync(SCHEMA_FILE, 'utf8'),
  };
}

// An idempotent producer (acks=all) that partitions by key with murmur2, as the Java producer does.
function newProducer(kafka) {
  return kafka.producer({ idempotent: true, createPartitioner: Partitioners.DefaultPartitioner });
}

// Decodes with the writer's schema (by the id in the value) resolved to our .avsc: a type newer
// than our file reads as UNKNOWN, new fields are dropped.
const decode = (registry, readerSchema, value) =>
  registry.decode(value, { [SchemaType.AVRO]: { readerSchema } });

// --name value pairs into an object: parseArgs(['--run', 'r1']) -> { run: 'r1' }
function parseArgs(argv, defaults) {
  const options = { ...defaults };
  for (let i = 0; i < argv.length; i += 2) {
    const name = argv[i].replace(/^--/, '');
    if (!argv[i].startsWith('--') || !(name in defaults) || i + 1 >= argv.length) {
      throw new Error(`unknown or incomplete option '${argv[i]}'; options: ${Object.keys(defaults).map((k) => `--${k}`).join(' ')}`);
    }
    options[name] = argv[i + 1];
  }
  return options;
}

module.exports = {
  DOMAINS, Double, newUlid, wrap, unwrap, wireName, symbolOf, topicOf, micros, rfc3339, headersOf, eventJson, connect, newProducer,
  decode, parseArgs, readClientProperties, clientSecurity,
};
