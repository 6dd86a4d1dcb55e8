Feature: Building a DomainEvent
  An event is built once, checked once, and never changes afterwards. What a caller leaves out
  is filled in; what a caller gets wrong is refused with the name of the field.

  Scenario: Ids and time are filled in
    Given a new "tool.invoked" event from "runner-1"
    When I build it
    Then it has a ULID as event id and as correlation id
    And its timestamp is the current time to the microsecond

  Scenario: A built event cannot be changed
    Given a new "context.updated" event from "agent-7"
    And its details hold "tags" with the list "a, b"
    When I build it
    And I add "c" to the list I gave
    Then its details still hold "tags" with the list "a, b"
    And changing its details is refused

  Scenario Outline: A bad field is refused by name
    Given a new "plan.created" event from "planner"
    And its <field> is "<value>"
    When I build it
    Then it is refused with an error naming "<field>"

    Examples:
      | field          | value           |
      | event_id       | has spaces      |
      | correlation_id |                 |
      | causation_id   | tab	inside      |
      | plan_id        |                 |
      | source         |                 |

  Scenario: An event without a type is refused
    Given a new event without a type from "planner"
    When I build it
    Then it is refused with an error naming "event_type"

  Scenario: Details nested too deep are refused with their path
    Given a new "context.updated" event from "agent-7"
    And its details hold "deep" nested 17 levels deep
    When I build it
    Then it is refused with an error naming "details.deep[0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0]"
