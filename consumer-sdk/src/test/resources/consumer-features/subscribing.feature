Feature: Subscribing to events
  A process subscribes to the event types or domains it cares about and receives each of those
  events at least once, in order per correlation id, while records it cannot read go to the
  dead-letter topic and the subscription keeps going.

  Scenario: A subscriber to a type receives that type only, in order per correlation id
    Given a stream of 30 "plan.phase_changed" events and 10 "plan.created" events over 3 correlation ids
    When a subscriber to the type "plan.phase_changed" reads them with 8 handlers
    Then it receives the 30 "plan.phase_changed" events
    And the events of each correlation id arrive in the order they were written

  Scenario: A subscriber to a domain receives every type of that domain
    Given a stream of 5 "tool.invoked" events and 5 "tool.failed" events over 2 correlation ids
    When a subscriber to the domain "tool" reads them with 1 handler
    Then it receives the 10 events of the domain

  Scenario: Records that are not events go to the dead-letter topic and nothing else is lost
    Given a stream of 20 "decision.created" events over 4 correlation ids
    And 5 records that are not in the event wire format among them
    When a subscriber to the type "decision.created" reads them with 4 handlers
    Then it receives the 20 "decision.created" events
    And the 5 bad records are in the dead-letter topic, marked "undecodable"
    And the subscriber is still running

  Scenario: A handler that keeps failing is retried, then its event is dead-lettered
    Given a stream of 3 "budget.exceeded" events over 3 correlation ids
    When a subscriber to the type "budget.exceeded" whose handler always fails on one of them reads them
    Then it receives the 2 other events
    And the failing event is in the dead-letter topic after 3 attempts, marked "handler-failed"
