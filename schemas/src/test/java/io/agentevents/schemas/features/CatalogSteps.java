package io.agentevents.schemas.features;

import io.agentevents.schemas.Domain;
import io.agentevents.schemas.EventCatalog;
import io.agentevents.schemas.EventType;

import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

public class CatalogSteps {
    private List<EventType> catalog;
    private EventType type;
    private RuntimeException failure;

    @When("I read the event catalog")
    public void readTheCatalog() {
        catalog = EventCatalog.knownTypes();
    }

    @Then("it holds {int} event types in {int} domains")
    public void itHolds(int types, int domains) {
        assertThat(catalog).hasSize(types);
        assertThat(catalog.stream().map(EventType::domain).distinct()).hasSize(domains);
    }

    @Then("every event type has a domain and a topic")
    public void everyTypeHasADomainAndATopic() {
        for (EventType each : catalog) {
            assertThat(each.topic()).isEqualTo(Domain.DEFAULT_TOPIC_PREFIX + "." + each.domain().wireName());
        }
    }

    @When("I look up the event type {string}")
    public void lookUp(String name) {
        try {
            type = EventType.parse(name);
        } catch (IllegalArgumentException e) {
            failure = e;
        }
    }

    @Then("its wire name is {string}")
    public void itsWireNameIs(String wireName) {
        assertThat(type.wireName()).isEqualTo(wireName);
    }

    @Then("it is emitted to the topic {string}")
    public void itIsEmittedTo(String topic) {
        assertThat(type.topic()).isEqualTo(topic);
    }

    @Then("the lookup fails with a message containing {string}")
    public void theLookupFails(String message) {
        assertThat(failure).isNotNull().hasMessageContaining(message);
    }
}
