Feature: Avro round trip
  Every process reads and writes the same Avro bytes, so an event read back equals the event
  written, and a reader survives event types it has never heard of.

  Scenario: A full event survives the round trip
    Given the canonical event with every field and nested details
    When it is written as Avro and read back
    Then the event read equals the event written

  Scenario: An event of a newer type reads as UNKNOWN
    Given an event written by a newer agent with the type "PLAN_ARCHIVED"
    When the current reader reads it
    Then its type is UNKNOWN
    And its other fields are intact
