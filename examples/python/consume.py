#!/usr/bin/python3
"""Reads events from Python, as any agent would, and prints each as one JSON line.

    /usr/bin/python3 examples/python/consume.py --type plan.created --max 1

Subscribes to the domain topics of the types asked for, routes on the `ce_type` header (a record
of another type is skipped without decoding), decodes the value with the writer's schema from the
registry, and stores a record's offset only once it is handled. Exit code 0 after --max events;
1 when fewer arrived within --timeout seconds, or a record could not be read.
"""
import argparse
import json
import sys
import time
import uuid

from confluent_kafka import Consumer, KafkaException

import eventbus_events as ev


def main():
    parser = argparse.ArgumentParser(description="Print events as JSON lines.")
    parser.add_argument("--type", required=True, action="append", help="wire name, e.g. plan.created (repeatable)")
    parser.add_argument("--max", type=int, default=1, help="stop after this many events")
    parser.add_argument("--timeout", type=float, default=30, help="give up (exit 1) after this many seconds")
    parser.add_argument("--group", help="consumer group; default: a new one, reading from the beginning")
    parser.add_argument("--bootstrap", default="127.0.0.1:9092", help="Kafka bootstrap servers")
    parser.add_argument("--registry", default="http://127.0.0.1:8081", help="schema registry URL")
    parser.add_argument("--prefix", default="events", help="topic prefix")
    args = parser.parse_args()

    wanted = set(args.type)
    registry = ev.Registry(args.registry)
    consumer = Consumer({"bootstrap.servers": args.bootstrap, "group.id": args.group or f"py-consume-{uuid.uuid4()}",
                         "auto.offset.reset": "earliest", "enable.auto.offset.store": False,
                         # the Java subscribers' assignor, so --group may name a group they are in
                         "partition.assignment.strategy": "cooperative-sticky"})
    consumer.subscribe(sorted({ev.topic_of(ev.symbol_of(t), args.prefix) for t in wanted}))
    printed = 0
    deadline = time.monotonic() + args.timeout
    try:
        while printed < args.max and time.monotonic() < deadline:
            msg = consumer.poll(0.5)
            if msg is None:
                continue
            if msg.error():
                raise KafkaException(msg.error())
            headers = {k: v.decode("utf-8") for k, v in (msg.headers() or []) if v is not None}
            if headers.get("ce_type") in wanted or "ce_type" not in headers:   # route without decoding
                event = registry.decode(msg.value())
                if ev.wire_name(event["event_type"]) in wanted:
                    print(json.dumps({
                        "event_type": ev.wire_name(event["event_type"]), "event_id": event["event_id"],
                        "timestamp": ev.rfc3339(event["timestamp"]), "correlation_id": event["correlation_id"],
                        "plan_id": event["plan_id"], "source": event["source"],
                        "details": {k: ev.unwrap(v) for k, v in event["details"].items()},
                        "position": f"{msg.topic()}-{msg.partition()}:{msg.offset()}"}), flush=True)
                    printed += 1
            consumer.store_offsets(message=msg)
    except (KafkaException, ValueError, RuntimeError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    finally:
        consumer.close()
    if printed < args.max:
        print(f"error: {printed} of {args.max} events within {args.timeout:g} s", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
