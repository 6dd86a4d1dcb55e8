Feature: Emitting
  Agents emit events on a bus. Each event lands once, on its domain's topic, in order per
  correlation id; what cannot be emitted is refused before anything is sent. The same scenarios
  run on the in-process bus and on Kafka. (Receiving events, on either bus, is the listeners
  feature of the consumer SDK: listeners.feature.)

  Scenario Outline: An emitted event lands on its domain's topic
    Given an event bus on <bus>
    When the planner emits a "plan.created" event for plan "plan-1"
    Then the event is acknowledged on the topic "events.plan"
    And the stored events of "events.plan" are exactly that event

    Examples:
      | bus       |
      | in-memory |
      | kafka     |

  Scenario Outline: Events of one correlation id keep their order
    Given an event bus on <bus>
    When the planner emits 25 "plan.phase_changed" events under one correlation id
    Then the stored events of "events.plan" are in the order they were emitted

    Examples:
      | bus       |
      | in-memory |
      | kafka     |

  Scenario Outline: An event of an unknown type is refused and nothing is stored
    Given an event bus on <bus>
    When someone emits an event of type UNKNOWN
    Then the emit fails, not retriable, with a message containing "UNKNOWN"
    And nothing is stored on any topic

    Examples:
      | bus       |
      | in-memory |
      | kafka     |

  Scenario: A failed emit fails its future with the cause and stores nothing
    Given an event bus on in-memory that completes emits only when told
    When the planner emits a "plan.created" event for plan "plan-1" and the bus fails it with a broker timeout
    Then the emit fails, retriable, with a message containing "plan.created"
    And nothing is stored on any topic
