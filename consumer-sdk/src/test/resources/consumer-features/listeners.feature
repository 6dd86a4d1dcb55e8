Feature: One listener on every bus
  A listener is written once against the handler API and runs on the in-process bus and on Kafka
  alike. On Kafka it is registered with an EventSubscriber in a consumer group the caller names
  (no bus makes one up). Each call tells the listener where the event landed, which attempt it is
  and whether it is a replay.

  Scenario Outline: Listeners of a type receive the events of that type, and only those
    Given an event bus on <bus>
    And a listener to "decision.created"
    When the decider emits a "decision.created" event and a "tool.invoked" event
    Then the listener received only the "decision.created" event
    And the listener was told where it landed, as a first attempt and not a replay

    Examples:
      | bus       |
      | in-memory |
      | kafka     |

  Scenario Outline: Listeners of a domain receive every type of it
    Given an event bus on <bus>
    And a listener to the domain "tool"
    When the decider emits a "tool.invoked" event and a "decision.created" event
    Then the listener received only the "tool.invoked" event

    Examples:
      | bus       |
      | in-memory |
      | kafka     |

  Scenario: A failing listener on the in-process bus does not stop the others
    Given an event bus on in-memory
    And a listener to "tool.failed" that always fails
    And a listener to "tool.failed"
    When the decider emits a "tool.failed" event and a "tool.invoked" event
    Then the listener received only the "tool.failed" event
    And the failure of the failing listener is reported
