Feature: The event catalog
  Agents written in any language share one catalog of event types. Each type belongs to one
  domain, and each domain has one Kafka topic.

  Scenario: The catalog is complete
    When I read the event catalog
    Then it holds 38 event types in 11 domains
    And every event type has a domain and a topic

  Scenario Outline: A type's wire name and topic follow from its name
    When I look up the event type "<type>"
    Then its wire name is "<wire name>"
    And it is emitted to the topic "<topic>"

    Examples:
      | type                     | wire name                | topic           |
      | PLAN_PHASE_CHANGED       | plan.phase_changed       | events.plan     |
      | decision.approved        | decision.approved        | events.decision |
      | SANDBOX_COMMAND_EXECUTED | sandbox.command_executed | events.sandbox  |
      | budget.exceeded          | budget.exceeded          | events.budget   |

  Scenario: A name that is not in the catalog is refused
    When I look up the event type "plan.exploded"
    Then the lookup fails with a message containing "unknown event type 'plan.exploded'"
