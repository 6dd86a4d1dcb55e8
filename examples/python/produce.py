#!/usr/bin/python3
"""Emits one event from Python, as any agent would, and prints where it landed.

    /usr/bin/python3 examples/python/produce.py --type decision.created --plan plan-42 \
        --detail decision_id=d-7 --detail outcome=approved --detail confidence=0.9

Writes with the subject's latest registered schema (what `eventbus local` and every Java producer
register), the record key = the correlation id, the CloudEvents headers and Java's partitioner.
Exit code 0 once Kafka acknowledged the event; 1 when it could not be sent (e.g. no schema is
registered under the subject: `schema registry ...: 404 ... 40401`).
"""
import argparse
import json
import sys

from confluent_kafka import Producer

import eventbus_events as ev


def detail(text):
    """KEY=VALUE; the value as JSON when it is JSON (numbers, true, lists, ...), otherwise text."""
    key, sep, value = text.partition("=")
    if not sep or not key:
        raise argparse.ArgumentTypeError(f"expected KEY=VALUE, got '{text}'")
    try:
        return key, json.loads(value)
    except ValueError:
        return key, value


def main():
    parser = argparse.ArgumentParser(description="Emit one event from Python.")
    parser.add_argument("--type", required=True, help="wire name, e.g. decision.created")
    parser.add_argument("--plan", help="plan id (also the root plan id)")
    parser.add_argument("--correlation-id", help="default: a new ULID")
    parser.add_argument("--source", default="/agents/py-example", help="who emits it")
    parser.add_argument("--detail", type=detail, action="append", default=[], metavar="KEY=VALUE")
    parser.add_argument("--bootstrap", default="127.0.0.1:9092", help="Kafka bootstrap servers")
    parser.add_argument("--registry", default="http://127.0.0.1:8081", help="schema registry URL")
    parser.add_argument("--prefix", default="events", help="topic prefix")
    args = parser.parse_args()

    event = ev.new_event(ev.symbol_of(args.type), dict(args.detail), source=args.source,
                         correlation_id=args.correlation_id, plan_id=args.plan, root_plan_id=args.plan)
    producer = Producer(ev.producer_config(args.bootstrap))
    try:
        landed = ev.send(producer, ev.Registry(args.registry), event, args.prefix)
    except RuntimeError as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    print(json.dumps({"landed": landed, "event_id": event["event_id"], "event_type": args.type,
                      "correlation_id": event["correlation_id"]}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
