#!/usr/bin/python3
"""A demo agent in Python: the decider of `eventbus demo`, on Confluent's Python client.

Runs beside the Java agents of a demo run (`eventbus demo --agents-from examples`) or on its own,
with the flags of `eventbus agent`:

    /usr/bin/python3 examples/python/agent.py --role decider --run RUN --index 0 --of 1 --plans 10 \
        --bootstrap 127.0.0.1:9092 --registry http://127.0.0.1:8081 --prefix events --timeout 300 \
        [--command-config DIR/admin-client.properties]   (a secured platform: eventbus local --sasl)

What it does, as the Java decider does: for every `plan.phase_changed` of its run (project name =
the run) whose `to_phase` is `executing`, it records a decision (`decision.created`) and approves
or rejects it (`decision.approved` / `decision.rejected`), both under the plan event's correlation
id (the record key), caused by it, with the CloudEvents headers and the murmur2 partitioner of the
Java producer. It shares the consumer group of the Java deciders of the run (`RUN-deciders`).

What it prints for the demo (standard output): `ready <pid>` once subscribed, `progress emitted=N
handled=M done=0` twice a second, `summary <json>` (what it emitted, per plan) when it stops, and
`error <message>` lines. It stops when its standard input closes; exit code 0, or 1 when it failed.
"""
import argparse
import json
import os
import random
import sys
import threading
import time

try:
    from confluent_kafka import Consumer, KafkaException, Producer

    import eventbus_events as ev
except ImportError as missing:
    print(f"error {missing}: install Debian's python3-confluent-kafka and python3-avro "
          "and run /usr/bin/python3", flush=True)
    sys.exit(1)


def java_hash(text):
    """Java's String.hashCode, as an unsigned 32-bit number."""
    data = text.encode("utf-16-be")
    h = 0
    for i in range(0, len(data), 2):
        h = (31 * h + (data[i] << 8 | data[i + 1])) & 0xFFFFFFFF
    return h


def bucket(plan_id, salt, buckets):
    """DemoPlans.bucket of the Java demo: the same plan ids get the same outcomes in every agent."""
    h = java_hash(f"{plan_id}/{salt}")
    h ^= h >> 16
    h = (h * 0x85EBCA6B) & 0xFFFFFFFF
    h ^= h >> 13
    h = (h * 0xC2B2AE35) & 0xFFFFFFFF
    h ^= h >> 16
    signed = h - (1 << 32) if h & 0x80000000 else h
    return signed % buckets     # Python's % is Java's Math.floorMod


class Decider:
    def __init__(self, args):
        self.args = args
        self.name = f"{args.role}-{args.index}"
        self.source = f"/demo/{args.run}/{self.name}/python"
        settings = ev.read_client_properties(args.command_config) if args.command_config else {}
        security = ev.kafka_security(settings) if args.command_config else {}
        self.registry = ev.Registry(args.registry, settings.get("basic.auth.user.info"))
        client_id = f"{args.run}-{self.name}"
        self.producer = Producer(ev.producer_config(args.bootstrap, **{"client.id": client_id}, **security))
        self.consumer = Consumer({"bootstrap.servers": args.bootstrap, "group.id": f"{args.run}-{args.role}s",
                                  "client.id": client_id, "auto.offset.reset": "earliest",
                                  "enable.auto.offset.store": False,   # an offset is stored once handled
                                  # the Java subscribers' assignor: a group's members must share one
                                  "partition.assignment.strategy": "cooperative-sticky",
                                  **security})
        self.stop = threading.Event()
        self.out_lock = threading.Lock()
        self.emitted = 0
        self.handled = 0
        self.plans = {}

    def say(self, line):
        with self.out_lock:
            print(line, flush=True)

    def emit(self, event, traceparent=None):
        """Sends the event, waits for Kafka's acknowledgement, then counts it (as EmittedCounts does)."""
        ev.send(self.producer, self.registry, event, self.args.prefix, traceparent=traceparent)
        self.emitted += 1
        types = self.plans.setdefault(event["plan_id"], {})
        wire = ev.wire_name(event["event_type"])
        types[wire] = types.get(wire, 0) + 1

    def follow(self, symbol, cause, details):
        """An event of this agent about the plan of `cause`, in its correlation, caused by it."""
        return ev.new_event(symbol, details, source=self.source, correlation_id=cause["correlation_id"],
                            causation_id=cause["event_id"], plan_id=cause["plan_id"],
                            root_plan_id=cause["root_plan_id"] or cause["plan_id"], project_name=self.args.run)

    def decide(self, phase_changed, traceparent=None):
        """Decides on the plan; both decision events carry the phase change's traceparent (its plan's trace)."""
        time.sleep(random.uniform(0.010, 0.040))
        plan_id = phase_changed["plan_id"]
        reject = bucket(plan_id, "decision", 7) == 0
        outcome = "rejected" if reject else "approved"
        decision_id = ev.new_ulid()
        created = self.follow("DECISION_CREATED", phase_changed, {
            "decision_id": decision_id, "question": f"run the tool for {plan_id}?", "outcome": outcome})
        self.emit(created, traceparent)
        self.emit(self.follow("DECISION_REJECTED" if reject else "DECISION_APPROVED", created,
                              {"decision_id": decision_id, "confidence": 0.35 if reject else 0.9}), traceparent)

    def handle(self, msg):
        headers = {k: v.decode("utf-8") for k, v in (msg.headers() or []) if v is not None}
        if headers.get("ce_type", "plan.phase_changed") != "plan.phase_changed":
            return                                          # routed on ce_type, never decoded
        event = self.registry.decode(msg.value())
        if event["event_type"] != "PLAN_PHASE_CHANGED" or event["project_name"] != self.args.run:
            return
        to_phase = event["details"].get("to_phase")
        if event["plan_id"] is not None and to_phase is not None and ev.unwrap(to_phase) == "executing":
            self.handled += 1
            self.decide(event, headers.get("traceparent"))

    def progress(self):
        self.say(f"progress emitted={self.emitted} handled={self.handled} done=0")

    def ticker(self):
        while not self.stop.wait(0.5):
            self.progress()

    def watch_stdin(self):
        try:
            while sys.stdin.buffer.read(4096):
                pass                                        # the demo sends nothing; only the end matters
        except OSError:
            pass
        self.stop.set()

    def run(self):
        self.consumer.subscribe([f"{self.args.prefix}.plan"])
        self.say(f"ready {os.getpid()}")
        threading.Thread(target=self.watch_stdin, daemon=True).start()
        threading.Thread(target=self.ticker, daemon=True).start()
        failed = None
        try:
            while not self.stop.is_set():
                msg = self.consumer.poll(0.2)
                if msg is None:
                    continue
                if msg.error():
                    raise KafkaException(msg.error())
                self.handle(msg)
                self.consumer.store_offsets(message=msg)
        except Exception as e:                              # reported to the demo, then exit 1
            failed = f"{type(e).__name__}: {e}"
        finally:
            self.stop.set()
            self.producer.flush(30)
            self.consumer.close()                           # commits the stored offsets
        self.progress()
        self.say("summary " + json.dumps({
            "agent": self.name, "role": self.args.role, "emitted": self.emitted, "handled": self.handled,
            "retried": 0, "plans": {plan: {"types": dict(sorted(types.items())), "allocated": 0.0, "consumed": 0.0}
                                    for plan, types in sorted(self.plans.items())}}))
        if failed:
            self.say(f"error {failed}")
            return 1
        return 0


def main():
    parser = argparse.ArgumentParser(description="A demo decider agent in Python (the flags of `eventbus agent`).")
    parser.add_argument("--role", required=True, choices=["decider"], help="the role this agent plays: decider")
    parser.add_argument("--run", required=True, help="the demo run this agent belongs to")
    parser.add_argument("--index", type=int, default=0, help="this agent's number among those of its role")
    parser.add_argument("--of", type=int, default=1, help="how many agents share this role")
    parser.add_argument("--plans", type=int, default=5, help="root plans of the whole run (unused by a decider)")
    parser.add_argument("--bootstrap", default="127.0.0.1:9092", help="Kafka bootstrap servers")
    parser.add_argument("--registry", default="http://127.0.0.1:8081", help="schema registry URL")
    parser.add_argument("--prefix", default="events", help="topic prefix")
    parser.add_argument("--timeout", type=int, default=300, help="unused by a decider (it stops when stdin closes)")
    parser.add_argument("--command-config", help="Kafka client settings in Kafka's names (the file `eventbus local "
                        "--sasl` writes): security.protocol, sasl.mechanism, sasl.jaas.config, basic.auth.user.info")
    return Decider(parser.parse_args()).run()


if __name__ == "__main__":
    sys.exit(main())
