"""Events of the agent-eventbus platform in Python, with Debian 12's packages only.

    apt-get install python3-confluent-kafka python3-avro      # then run /usr/bin/python3

Debian's confluent-kafka is 1.7.0: its Producer and Consumer (librdkafka 2.0) are all we use. Its
AvroSerializer needs fastavro and requests (neither installed with it; fastavro is not packaged by
Debian) and has no `use.latest.version`, so this module speaks the registry's REST API itself
(urllib) and frames Apache Avro's binary encoding (python3-avro) in the Confluent wire format:
byte 0 = 0, bytes 1..4 = the schema id (big-endian), then the Avro record. It writes with the
subject's latest registered schema and reads with the writer's schema, found by its id.
"""
import base64
import io
import json
import os
import re
import struct
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from datetime import datetime, timezone

import avro.errors
import avro.io
import avro.schema

CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def new_ulid():
    """48 bits of milliseconds and 80 random bits, in 26 Crockford base-32 characters."""
    n = (time.time_ns() // 1_000_000) << 80 | int.from_bytes(os.urandom(10), "big")
    return "".join(CROCKFORD[(n >> shift) & 31] for shift in range(125, -1, -5))


def wire_name(symbol):
    """BUDGET_CONSUMED -> budget.consumed"""
    domain, rest = symbol.split("_", 1)
    return f"{domain.lower()}.{rest.lower()}"


def symbol_of(wire):
    """budget.consumed -> BUDGET_CONSUMED"""
    return wire.replace(".", "_", 1).upper()


def topic_of(symbol, prefix="events"):
    """BUDGET_CONSUMED -> events.budget"""
    return f"{prefix}.{symbol.split('_', 1)[0].lower()}"


def rfc3339(when):
    """A UTC datetime as Java's Instant.toString() writes it (0, 3 or 6 fractional digits)."""
    text = when.strftime("%Y-%m-%dT%H:%M:%S")
    micro = when.microsecond
    if micro:
        text += f".{micro // 1000:03d}" if micro % 1000 == 0 else f".{micro:06d}"
    return text + "Z"


def wrap(value):
    """A plain value as a DetailValue record: {"value": ...}, lists and dicts recursively."""
    if isinstance(value, dict):
        return {"value": {str(k): wrap(v) for k, v in value.items()}}
    if isinstance(value, (list, tuple)):
        return {"value": [wrap(v) for v in value]}
    return {"value": value}          # None, bool, int (long), float (double) or str


def unwrap(detail):
    """A DetailValue record read back as a plain value."""
    value = detail["value"]
    if isinstance(value, list):
        return [unwrap(v) for v in value]
    if isinstance(value, dict):
        return {k: unwrap(v) for k, v in value.items()}
    return value


def new_event(symbol, details, *, source, correlation_id=None, causation_id=None, plan_id=None,
              root_plan_id=None, session_id=None, actor_name=None, project_name=None):
    """A DomainEvent as python3-avro writes it (the timestamp a timezone-aware datetime in UTC)."""
    return {
        "event_id": new_ulid(),
        "event_type": symbol,                       # the Avro symbol, not the wire name
        "timestamp": datetime.now(timezone.utc),    # python3-avro wants a datetime for timestamp-micros
        "correlation_id": correlation_id or new_ulid(),
        "causation_id": causation_id, "plan_id": plan_id, "root_plan_id": root_plan_id,
        "session_id": session_id, "actor_name": actor_name, "project_name": project_name,
        "source": source,
        "details": {k: wrap(v) for k, v in details.items()},
    }


def headers_of(event, traceparent=None):
    """The CloudEvents headers (Kafka binary mode) the Java producer writes."""
    headers = [("ce_specversion", "1.0"), ("ce_id", event["event_id"]),
               ("ce_type", wire_name(event["event_type"])), ("ce_source", event["source"]),
               ("ce_time", rfc3339(event["timestamp"]))]
    if event["plan_id"] is not None:
        headers.append(("ce_subject", event["plan_id"]))
    headers += [("ce_partitionkey", event["correlation_id"]), ("content-type", "application/avro")]
    if traceparent:
        headers.append(("traceparent", traceparent))
    return headers


def read_client_properties(path):
    """A Java properties file (what `eventbus local --sasl` writes, what Kafka's tools take with
    --command-config) as a dict: `key=value` or `key: value` lines, `#`/`!` comments, backslash
    escapes and line continuations as java.util.Properties reads them."""
    with open(path, encoding="latin-1") as f:
        lines = f.read().splitlines()
    props, pending = {}, ""
    for raw in lines:
        line = pending + raw.lstrip() if pending else raw.lstrip()
        pending = ""
        if not line or line[0] in "#!":
            continue
        trailing = len(line) - len(line.rstrip("\\"))
        if trailing % 2 == 1:                       # an odd number of backslashes: continued on the next line
            pending = line[:-1]
            continue
        key, i = [], 0
        while i < len(line) and line[i] not in "=: \t\f":
            if line[i] == "\\" and i + 1 < len(line):  # an escaped character: kept escaped, unescaped below
                key.append(line[i])
                i += 1
            key.append(line[i])
            i += 1
        while i < len(line) and line[i] in " \t\f":
            i += 1
        if i < len(line) and line[i] in "=:":
            i += 1
        props[_unescape("".join(key))] = _unescape(line[i:].lstrip(" \t\f"))
    return props


def _unescape(text):
    out, i = [], 0
    while i < len(text):
        c = text[i]
        if c == "\\" and i + 1 < len(text):
            n = text[i + 1]
            if n == "u" and i + 5 < len(text):
                out.append(chr(int(text[i + 2:i + 6], 16)))
                i += 6
                continue
            out.append({"t": "\t", "n": "\n", "r": "\r", "f": "\f"}.get(n, n))
            i += 2
            continue
        out.append(c)
        i += 1
    return "".join(out)


def kafka_security(props):
    """librdkafka's settings for the Kafka login a Java client properties file describes:
    security.protocol, sasl.mechanism, and the user and password of its sasl.jaas.config (Kafka's
    PlainLoginModule or ScramLoginModule). TLS needs the CA as PEM (`ssl.ca.location`):
    librdkafka cannot read Java's PKCS12 trust store, so one given only as that is refused here."""
    security = {}
    protocol = props.get("security.protocol", "PLAINTEXT").upper()
    security["security.protocol"] = protocol
    if protocol.startswith("SASL"):
        security["sasl.mechanism"] = props.get("sasl.mechanism", "GSSAPI")
        if security["sasl.mechanism"].upper().startswith("SCRAM"):
            import confluent_kafka
            version, number = confluent_kafka.libversion()
            if number < 0x02060100:
                raise ValueError(f"librdkafka {version} cannot log in with SCRAM to Kafka 4 brokers (fixed in "
                                 "librdkafka 2.6.1; see edenhill/kcat#462): use confluent-kafka 2.6.1 or newer")
        jaas = props.get("sasl.jaas.config", "")
        user = re.search(r'username\s*=\s*"([^"]*)"', jaas)
        password = re.search(r'password\s*=\s*"([^"]*)"', jaas)
        if not user or not password:
            raise ValueError("sasl.jaas.config must name a username and a password "
                             "(PlainLoginModule or ScramLoginModule)")
        security["sasl.username"], security["sasl.password"] = user.group(1), password.group(1)
    if protocol in ("SSL", "SASL_SSL"):
        if "ssl.ca.location" in props:
            security["ssl.ca.location"] = props["ssl.ca.location"]
        elif "ssl.truststore.location" in props:
            raise ValueError("librdkafka cannot read the Java trust store " + props["ssl.truststore.location"]
                             + ": export its certificate as PEM and set ssl.ca.location")
    return security


def producer_config(bootstrap, **more):
    """A confluent_kafka.Producer configuration that writes as the Java producer does."""
    return {"bootstrap.servers": bootstrap, "enable.idempotence": True, "acks": "all",
            "partitioner": "murmur2_random",        # Java's partitioner; librdkafka's default is not
            **more}


class FirstBranchWriter(avro.io.DatumWriter):
    """Writes a union value with the FIRST branch it fits, as the Avro specification and the Java
    and fastavro writers do. python3-avro 1.11.1 takes the last one: True and 3 would go out as the
    doubles 1.0 and 3.0 of DetailValue's union ["null", "boolean", "long", "double", ...]."""

    def write_union(self, writers_schema, datum, encoder):
        for index, branch in enumerate(writers_schema.schemas):
            if avro.io.validate(branch, datum):
                encoder.write_long(index)
                return self.write_data(branch, datum, encoder)
        raise avro.errors.AvroTypeException(writers_schema, datum)


class Registry:
    """A Confluent-compatible schema registry, through its REST API; each schema fetched once."""

    def __init__(self, url, user_info=None):
        """user_info: "user:password" for HTTP basic auth (Confluent's basic.auth.user.info), or None."""
        self.url = url.rstrip("/")
        self.headers = {}
        if user_info:
            token = base64.b64encode(user_info.encode("utf-8")).decode("ascii")
            self.headers["Authorization"] = "Basic " + token
        self.by_id = {}
        self.latest = {}
        self.lock = threading.Lock()

    def _get(self, path):
        try:
            request = urllib.request.Request(self.url + path, headers=self.headers)
            with urllib.request.urlopen(request, timeout=30) as answer:
                return json.load(answer)
        except urllib.error.HTTPError as e:
            raise RuntimeError(f"schema registry {self.url}{path}: {e.code} "
                               f"{e.read().decode('utf-8', 'replace')}") from None

    def schema(self, schema_id):
        """The schema registered under this id."""
        with self.lock:
            if schema_id not in self.by_id:
                self.by_id[schema_id] = avro.schema.parse(self._get(f"/schemas/ids/{schema_id}")["schema"])
            return self.by_id[schema_id]

    def latest_of(self, subject):
        """(id, schema) of the subject's latest version: what the platform registered."""
        with self.lock:
            if subject not in self.latest:
                answer = self._get(f"/subjects/{urllib.parse.quote(subject, safe='')}/versions/latest")
                self.latest[subject] = (answer["id"], avro.schema.parse(answer["schema"]))
            return self.latest[subject]

    def encode(self, subject, event):
        """The event in the Confluent wire format, written with the subject's latest schema."""
        schema_id, schema = self.latest_of(subject)
        out = io.BytesIO()
        out.write(struct.pack(">bI", 0, schema_id))
        FirstBranchWriter(schema).write(event, avro.io.BinaryEncoder(out))
        return out.getvalue()

    def decode(self, value):
        """A value in the Confluent wire format as a dict, read with the writer's schema."""
        if value is None or len(value) < 5 or value[0] != 0:
            raise ValueError("not in the Confluent wire format (no magic byte 0)")
        schema = self.schema(struct.unpack(">I", value[1:5])[0])
        return avro.io.DatumReader(schema).read(avro.io.BinaryDecoder(io.BytesIO(value[5:])))


def send(producer, registry, event, prefix="events", timeout=60, traceparent=None):
    """Sends the event (key: its correlation id) and waits until Kafka acknowledged it.

    With a W3C traceparent (e.g. the one of the event this one reacts to), the record carries it, so
    the event stays in its cause's trace.

    Returns where it landed, e.g. "events.decision-2:17" (the --wait-for token of the query API);
    raises RuntimeError when it was not delivered."""
    topic = topic_of(event["event_type"], prefix)
    landed = []
    producer.produce(topic, key=event["correlation_id"].encode("utf-8"),
                     value=registry.encode(f"{topic}-value", event), headers=headers_of(event, traceparent),
                     on_delivery=lambda err, msg: landed.append((err, msg)))
    deadline = time.monotonic() + timeout
    while not landed and time.monotonic() < deadline:
        producer.poll(0.1)
    if not landed or landed[0][0] is not None:
        raise RuntimeError(f"{wire_name(event['event_type'])} not delivered: "
                           f"{landed[0][0] if landed else f'no answer within {timeout} s'}")
    msg = landed[0][1]
    return f"{msg.topic()}-{msg.partition()}:{msg.offset()}"
