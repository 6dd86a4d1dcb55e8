package io.agentevents.schemas.features;

import com.github.f4b6a3.ulid.Ulid;
import io.agentevents.schemas.DomainEvent;
import io.agentevents.schemas.EventType;
import io.agentevents.schemas.InvalidEventException;

import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

public class BuildingSteps {
    private DomainEvent.Builder builder;
    private List<Object> givenList;
    private DomainEvent event;
    private InvalidEventException refusal;

    @Given("a new {string} event from {string}")
    public void aNewEvent(String type, String source) {
        builder = DomainEvent.builder(EventType.parse(type)).source(source);
    }

    @Given("a new event without a type from {string}")
    public void aNewEventWithoutAType(String source) {
        builder = DomainEvent.builder().source(source);
    }

    @Given("its details hold {string} with the list {string}")
    public void itsDetailsHoldAList(String key, String items) {
        givenList = new ArrayList<>(Arrays.asList(items.split(",\\s*")));
        builder.detail(key, givenList);
    }

    @Given("its details hold {string} nested {int} levels deep")
    public void itsDetailsHoldNested(String key, int levels) {
        Object value = "leaf";
        for (int i = 1; i < levels; i++) {
            value = List.of(value);
        }
        builder.detail(key, value);
    }

    @Given("its {word} is {string}")
    public void itsFieldIs(String field, String value) {
        switch (field) {
            case "event_id" -> builder.eventId(value);
            case "correlation_id" -> builder.correlationId(value);
            case "causation_id" -> builder.causationId(value);
            case "plan_id" -> builder.planId(value);
            case "source" -> builder.source(value);
            default -> throw new IllegalArgumentException("no step for field " + field);
        }
    }

    @When("I build it")
    public void iBuildIt() {
        try {
            event = builder.build();
        } catch (InvalidEventException e) {
            refusal = e;
        }
    }

    @When("I add {string} to the list I gave")
    public void iAddToTheList(String item) {
        givenList.add(item);
    }

    @Then("it has a ULID as event id and as correlation id")
    public void itHasUlids() {
        assertThat(Ulid.isValid(event.eventId())).isTrue();
        assertThat(Ulid.isValid(event.correlationId())).isTrue();
    }

    @Then("its timestamp is the current time to the microsecond")
    public void itsTimestampIsNow() {
        assertThat(Duration.between(event.timestamp(), Instant.now())).isLessThan(Duration.ofSeconds(5));
        assertThat(event.timestamp().getNano() % 1_000).isZero();
    }

    @Then("its details still hold {string} with the list {string}")
    public void itsDetailsStillHold(String key, String items) {
        assertThat(event.details().get(key)).isEqualTo(Arrays.asList(items.split(",\\s*")));
    }

    @Then("changing its details is refused")
    public void changingItsDetailsIsRefused() {
        assertThatThrownBy(() -> event.details().put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Then("it is refused with an error naming {string}")
    public void itIsRefused(String field) {
        assertThat(event).as("the event should have been refused").isNull();
        assertThat(refusal.field()).isEqualTo(field);
        assertThat(refusal).hasMessageStartingWith(field + ":");
    }
}
