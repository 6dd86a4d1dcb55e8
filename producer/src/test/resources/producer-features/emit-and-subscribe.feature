Feature: Emitting and subscribing
  Agents emit events on a bus. Each event lands once, on its domain's topic, in order per
  correlation id; what cannot be emitted is refused before anything is sent; subscribers of a
  type or a domain receive its events. The same scenarios run on the in-process bus and on Kafka.

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

  Scenario Outline: Subscribers receive the events of their type, and only those
    Given an event bus on <bus>
    And a subscriber to "decision.created"
    When the decider emits a "decision.created" event and a "tool.invoked" event
    Then the subscriber received only the "decision.created" event

    Examples:
      | bus       |
      | in-memory |
      | kafka     |

  Scenario Outline: Subscribers of a domain receive every type of it
    Given an event bus on <bus>
    And a subscriber to the domain "tool"
    When the decider emits a "tool.invoked" event and a "decision.created" event
    Then the subscriber received only the "tool.invoked" event

    Examples:
      | bus       |
      | in-memory |
      | kafka     |

  Scenario: A failing subscriber does not stop the others
    Given an event bus on in-memory
    And a subscriber to "tool.failed" that always fails
    And a subscriber to "tool.failed"
    When the decider emits a "tool.failed" event and a "tool.invoked" event
    Then the subscriber received only the "tool.failed" event
    And the failure of the failing subscriber is reported
