package io.agentevents.platform.console;

import io.agentevents.consumer.EventSubscriber;
import io.agentevents.consumer.SubscriberConfig;
import io.agentevents.local.LocalPlatformConfig;
import io.agentevents.platform.RunningPlatform;
import io.agentevents.producer.kafka.KafkaEventBus;
import io.agentevents.producer.kafka.KafkaEventBusConfig;
import io.agentevents.schemas.DomainEvent;
import io.agentevents.schemas.EventType;
import io.agentevents.schemas.connection.ClusterConnection;
import io.agentevents.schemas.topics.TopicLayout;
import io.agentevents.streams.app.ProjectionsApp;
import io.agentevents.streams.app.ProjectionsConfig;
import io.agentevents.streams.client.QueryClient;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.awaitility.Awaitility.await;

/**
 * The web console in a real browser: Debian's headless Chromium driven through its ChromeDriver by
 * Selenium, against the embedded platform with its projections (as {@code eventbus local} runs them).
 * Skipped when {@value #CHROMIUM} or {@value #CHROMEDRIVER} is missing ({@code .ci/run} installs both).
 * A screenshot of each page is written under {@code target/console-screenshots/}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
@Order(1) // among the longest classes of this module: started first
class ConsoleBrowserIT {
    static final String CHROMIUM = "/usr/bin/chromium";
    static final String CHROMEDRIVER = "/usr/bin/chromedriver";
    /**
     * How long a change may take to show without a reload. The issue asks for 2 s; it shows in 0.6-1.6 s here (the test
     * prints it; docs/observability.md). The bound is wider so that a loaded CI machine does not fail it: a page that
     * missed the live update would never show the change at all.
     */
    private static final Duration LIVE = Duration.ofSeconds(10);
    private static final Path SCREENSHOTS = Paths.get("target", "console-screenshots");

    private final ObjectMapper json = new ObjectMapper();
    private final String run = UUID.randomUUID().toString().substring(0, 6);
    private RunningPlatform platform;
    private KafkaEventBus bus;
    private WebDriver browser;
    private Path profile;

    @BeforeAll
    void start() throws Exception {
        assumeTrue(Files.isExecutable(Path.of(CHROMIUM)) && Files.isExecutable(Path.of(CHROMEDRIVER)),
                "Chromium and ChromeDriver are not installed (apt-get install chromium chromium-driver)");
        platform = RunningPlatform.start(LocalPlatformConfig.onFreePorts());
        bus = KafkaEventBus.start(KafkaEventBusConfig.local(platform.platform().bootstrapServers(),
                platform.platform().schemaRegistryUrl()));
        try (QueryClient api = platform.queryClient(Duration.ofSeconds(10))) {
            await().atMost(Duration.ofSeconds(90)).until(() -> platform.projectionsState() == KafkaStreams.State.RUNNING
                    && api.health().status().equals("RUNNING"));
        }
        profile = Files.createTempDirectory("console-chromium-");
        browser = chromium(profile);
        Files.createDirectories(SCREENSHOTS);
    }

    /** Headless Chromium with the flags this machine needs (no sandbox as root, no background network). */
    static WebDriver chromium(Path profile) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--window-size=1300,900", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER))
                .usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    @AfterAll
    void stop() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        if (bus != null) {
            bus.close();
        }
        if (platform != null) {
            platform.close();
        }
        if (profile != null) {
            org.apache.kafka.common.utils.Utils.delete(profile.toFile());
        }
    }

    @Test
    void aPlanEmittedWhileThePageIsOpenAppearsWithoutAReload() throws Exception {
        browser.get(platform.queryUrl() + "/#/");
        waitFor(By.cssSelector("[data-testid=live].live"), Duration.ofSeconds(20));
        ((JavascriptExecutor) browser).executeScript("window.openedOnce = 'yes';");
        String planId = "live-" + run;
        long emitted = System.nanoTime();
        bus.emitAndWait(DomainEvent.builder(EventType.PLAN_CREATED).source("planner").planId(planId)
                .details(Map.of("goal", "ship it")).build());
        waitFor(By.cssSelector("[data-testid=plan-row][data-plan-id='" + planId + "']"), LIVE);
        long shownMillis = (System.nanoTime() - emitted) / 1_000_000;
        System.out.println("console: a new plan showed " + shownMillis + " ms after its emit was acknowledged");
        assertThat(((JavascriptExecutor) browser).executeScript("return window.openedOnce;"))
                .as("the page was not reloaded").isEqualTo("yes");

        DomainEvent completed = DomainEvent.builder(EventType.PLAN_COMPLETED).source("planner").planId(planId).build();
        bus.emitAndWait(completed);
        new WebDriverWait(browser, LIVE).ignoring(org.openqa.selenium.StaleElementReferenceException.class).until(driver -> driver.findElement(
                By.cssSelector("[data-plan-id='" + planId + "'] [data-testid=status]")).getText().equals("completed"));
        screenshot("plans");

        // the live events view lists it too (the platform's console feed, a subscriber)
        browser.findElement(By.cssSelector("nav a[data-view=events]")).click();
        waitFor(By.cssSelector("[data-testid=event][data-event-id='" + completed.eventId() + "']"), LIVE);
        DomainEvent next = DomainEvent.builder(EventType.PLAN_PHASE_CHANGED).source("planner").planId(planId)
                .details(Map.of("from_phase", "reviewing", "to_phase", "done")).build();
        bus.emitAndWait(next);
        waitFor(By.cssSelector("[data-testid=event][data-event-id='" + next.eventId() + "']"), LIVE);
        assertThat(((JavascriptExecutor) browser).executeScript("return window.openedOnce;")).isEqualTo("yes");
        screenshot("events");
    }

    @Test
    void aPlansTimelineMatchesTheAuditApiWithSecretsMasked() throws Exception {
        String planId = "timeline-" + run;
        List<DomainEvent> events = List.of(
                DomainEvent.builder(EventType.PLAN_CREATED).source("planner").planId(planId).details(Map.of("goal", "g")).build(),
                DomainEvent.builder(EventType.PLAN_PHASE_CHANGED).source("planner").planId(planId)
                        .details(Map.of("from_phase", "planning", "to_phase", "executing")).build(),
                DomainEvent.builder(EventType.TOOL_INVOKED).source("tool-runner").planId(planId)
                        .details(Map.of("tool", "search", "api_key", "do-not-show-" + run)).build());
        for (DomainEvent event : events) {
            bus.emitAndWait(event);
        }
        JsonNode audit = await().atMost(Duration.ofSeconds(30)).until(() -> get("/audit?planId=" + planId),
                body -> body != null && body.path("entries").size() == events.size());
        browser.get(platform.queryUrl() + "/#/plan/" + planId);
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(driver ->
                driver.findElements(By.cssSelector("[data-testid=timeline-entry]")).size() == events.size());
        // read in one go: a live update may redraw the table meanwhile
        @SuppressWarnings("unchecked")
        List<List<String>> shown = (List<List<String>>) ((JavascriptExecutor) browser).executeScript(
                "return [...document.querySelectorAll('[data-testid=timeline-entry]')].map(row =>"
                        + " [row.dataset.eventId, row.querySelector('[data-testid=entry-type]').textContent]);");
        List<String> shownIds = shown.stream().map(pair -> pair.get(0)).toList();
        List<String> shownTypes = shown.stream().map(pair -> pair.get(1)).toList();
        List<String> apiIds = new ArrayList<>();
        List<String> apiTypes = new ArrayList<>();
        audit.path("entries").forEach(entry -> {
            apiIds.add(entry.path("eventId").asText());
            apiTypes.add(entry.path("eventType").asText());
        });
        assertThat(shownIds).as("the timeline shows the audit API's entries, in its order").isEqualTo(apiIds);
        assertThat(shownTypes).isEqualTo(apiTypes);
        assertThat(browser.getPageSource()).doesNotContain("do-not-show-" + run).contains("***");
        until(driver -> driver.findElement(By.cssSelector("[data-testid=phase]")).getText().equals("executing")
                && driver.findElement(By.cssSelector("[data-testid=freshness]")).getText().contains("events.plan"));
        screenshot("plan");
    }

    @Test
    void aThousandPlansArePagedAndFilteredWithoutFreezingThePage() throws Exception {
        String prefix = "many-" + run + "-";
        for (int i = 0; i < 1_000; i++) {
            bus.emit(DomainEvent.builder(EventType.PLAN_CREATED).source("planner").planId(String.format("%s%04d", prefix, i))
                    .build());
        }
        bus.flush();
        await().atMost(Duration.ofSeconds(90)).until(() -> {
            JsonNode roots = get("/console/api/roots?limit=1&q=" + prefix);
            return roots != null && roots.path("matching").asInt() == 1_000;
        });
        long started = System.nanoTime();
        browser.get(platform.queryUrl() + "/#/?q=" + prefix);
        until(driver -> driver.findElement(By.cssSelector("[data-testid=page-info]")).getText().equals("1–50 of 1000"));
        System.out.println("console: the first page of 1,000 plans showed in " + (System.nanoTime() - started) / 1_000_000 + " ms");
        until(driver -> driver.findElements(By.cssSelector("[data-testid=plan-row]")).size() == 50
                && driver.findElement(By.cssSelector("[data-testid=plan-row]")).getAttribute("data-plan-id").equals(prefix + "0999"));
        until(driver -> {
            driver.findElement(By.xpath("//button[contains(., 'Older')]")).click();
            return true;
        });
        until(driver -> driver.findElement(By.cssSelector("[data-testid=page-info]")).getText().equals("51–100 of 1000"));
        // the text filter by keyboard: live updates redraw the list, never the field being typed in
        WebElement text = browser.findElement(By.cssSelector("[data-testid=text-filter]"));
        text.clear();
        text.sendKeys(prefix + "0777" + org.openqa.selenium.Keys.ENTER);
        until(driver -> driver.findElements(By.cssSelector("[data-testid=plan-row]")).size() == 1
                && driver.findElement(By.cssSelector("[data-testid=page-info]")).getText().equals("1–1 of 1")
                && driver.findElement(By.cssSelector("[data-testid=plan-row]")).getAttribute("data-plan-id").equals(prefix + "0777"));
    }

    /** Waits up to 20 s for a condition on a page that live updates may redraw meanwhile. */
    private void until(java.util.function.Function<WebDriver, Boolean> condition) {
        new WebDriverWait(browser, Duration.ofSeconds(20)).ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .until(condition);
    }

    @Test
    void theRatesChartHasPoints() throws Exception {
        bus.emitAndWait(DomainEvent.builder(EventType.PLAN_CREATED).source("planner").planId("rates-" + run).build());
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            JsonNode rates = get("/console/api/rates");
            return rates != null && rates.path("types").toString().contains("plan.created");
        });
        browser.get(platform.queryUrl() + "/#/rates");
        waitFor(By.cssSelector("[data-testid=rate-chart][data-type='plan.created'] [data-testid=rate-point]"), Duration.ofSeconds(20));
        screenshot("rates");
    }

    @Test
    void aDeadLetterCanBeInspectedAndReplayedAndThenLeavesTheList() throws Exception {
        AtomicInteger replayedHandled = new AtomicInteger();
        SubscriberConfig config = SubscriberConfig.builder(platform.platform().bootstrapServers(),
                platform.platform().schemaRegistryUrl(), "console-it-" + run)
                .retries(1, Duration.ofMillis(10), Duration.ofMillis(10)).build();
        DomainEvent poison = DomainEvent.builder(EventType.TOOL_FAILED).source("tool-runner").planId("dlq-" + run)
                .details(Map.of("tool", "search", "error", "boom")).build();
        try (EventSubscriber subscriber = EventSubscriber.builder(config)
                .on(EventType.TOOL_FAILED, (event, delivery) -> {
                    if (!event.eventId().equals(poison.eventId())) {
                        return;
                    }
                    if (!delivery.replayed()) {
                        throw new IllegalStateException("the tool runner is down");
                    }
                    replayedHandled.incrementAndGet();
                }).build().start()) {
            bus.emitAndWait(poison);
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                JsonNode letters = get("/console/api/dead-letters?domain=tool");
                return letters != null && letters.toString().contains(poison.eventId());
            });
            browser.get(platform.queryUrl() + "/#/dead-letters?domain=tool");
            By row = By.xpath("//tr[@data-testid='dead-letter'][td[contains(., 'the tool runner is down')]]");
            waitFor(row, Duration.ofSeconds(30));
            WebElement letter = browser.findElement(row);
            assertThat(letter.findElement(By.cssSelector("[data-testid=reason]")).getText()).isEqualTo("handler-failed");
            letter.findElement(By.cssSelector("[data-testid=inspect]")).click();
            WebElement shown = waitFor(By.cssSelector("[data-testid=letter-event]"), Duration.ofSeconds(20));
            assertThat(shown.getText()).contains(poison.eventId());
            screenshot("dead-letters");

            browser.findElement(row).findElement(By.cssSelector("[data-testid=replay]")).click();
            new WebDriverWait(browser, Duration.ofSeconds(5)).until(ExpectedConditions.alertIsPresent()).accept();
            waitFor(By.cssSelector("[data-testid=replayed]"), Duration.ofSeconds(30));
            new WebDriverWait(browser, Duration.ofSeconds(30)).until(driver -> driver.findElements(row).isEmpty());
            await().atMost(Duration.ofSeconds(30)).until(() -> replayedHandled.get() == 1);
            browser.navigate().refresh();
            waitFor(By.cssSelector("[data-testid=dead-letter-summary]"), Duration.ofSeconds(30));
            assertThat(browser.findElements(row)).as("still gone after a reload: the ledger remembers").isEmpty();
            assertThat(browser.findElement(By.cssSelector("[data-testid=dead-letter-summary]")).getText()).contains("replayed");
        }
    }

    @Test
    void onAnAuthenticatedConsoleOnlyAnOperatorMayReplay() throws Exception {
        Path users = Files.createTempFile(profile, "query-users", "");
        Files.writeString(users, io.agentevents.streams.http.QueryUsers.line("admin", "admin-secret") + "\n"
                + io.agentevents.streams.http.QueryUsers.line("auditor", "auditor-secret") + "\n");
        ClusterConnection connection = ClusterConnection.of(platform.platform().bootstrapServers(),
                platform.platform().schemaRegistryUrl());
        ProjectionsConfig config = ProjectionsConfig.defaults(connection).withTopics(platform.platform().topicLayout())
                .withApplicationId("console-it-auth-" + run).withHttpPort(0).withReplicationFactor(1).withQueryUsersFile(users);
        io.agentevents.consumer.deadletter.DeadLetterConfig letters = io.agentevents.consumer.deadletter.DeadLetterConfig
                .defaults(connection.bootstrapServers(), platform.platform().schemaRegistryUrl());
        try (ProjectionsApp secured = ProjectionsApp.start(config, Optional.of(ConsoleDeadLetters.open(letters, java.util.Set.of("admin"))))) {
            String replay = secured.url() + "/console/api/dead-letters/events.tool.dlq/0/999999/replay";
            assertThat(post(replay, null).statusCode()).as("anonymous").isEqualTo(401);
            HttpResponse<String> auditor = post(replay, "auditor:auditor-secret");
            assertThat(auditor.statusCode()).as("an authenticated user who is no operator").isEqualTo(403);
            assertThat(auditor.body()).contains("'auditor' may not replay dead letters");
            assertThat(post(replay, "admin:admin-secret").statusCode()).as("the operator gets past it: no such letter")
                    .isEqualTo(404);
        }
    }

    private HttpResponse<String> post(String url, String userInfo) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.noBody())
                .header("X-Eventbus-Confirm", "replay");
        if (userInfo != null) {
            request.header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString(userInfo.getBytes()));
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theConsoleSaysCatchingUpWhileTheProjectionsAreNotRunningYet() throws Exception {
        // projections over domain topics that do not exist yet: they wait (not RUNNING) until they are made
        TopicLayout layout = new TopicLayout("later" + run, 1, (short) 1, 1);
        ProjectionsConfig config = ProjectionsConfig.defaults(ClusterConnection.of(platform.platform().bootstrapServers(),
                platform.platform().schemaRegistryUrl())).withTopics(layout).withApplicationId("console-it-later-" + run)
                .withHttpPort(0).withReplicationFactor(1);
        try (ProjectionsApp later = ProjectionsApp.start(config, Optional.empty())) {
            browser.get(later.url() + "/#/");
            WebElement banner = waitFor(By.cssSelector("[data-testid=catching-up]"), Duration.ofSeconds(20));
            assertThat(banner.isDisplayed()).isTrue();
            waitFor(By.cssSelector("[data-testid=catching-up-view], [data-testid=plans], [data-testid=empty]"), Duration.ofSeconds(20));
            new WebDriverWait(browser, Duration.ofSeconds(20)).until(driver ->
                    driver.findElement(By.id("banner")).getText().contains("WAITING_FOR_TOPICS"));
            screenshot("catching-up");
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, platform.platform().bootstrapServers()))) {
                List<NewTopic> topics = layout.domainTopics().stream().map(topic -> new NewTopic(topic, 1, (short) 1)).toList();
                admin.createTopics(topics).all().get(30, TimeUnit.SECONDS);
            }
            new WebDriverWait(browser, Duration.ofSeconds(120)).until(driver -> !driver.findElement(By.id("banner")).isDisplayed());
            waitFor(By.cssSelector("[data-testid=empty]"), Duration.ofSeconds(30));
        }
    }

    private WebElement waitFor(By selector, Duration patience) {
        return new WebDriverWait(browser, patience).withMessage(() -> selector + " not shown; the page says: "
                + browser.findElement(By.tagName("body")).getText()).until(ExpectedConditions.visibilityOfElementLocated(selector));
    }

    private JsonNode get(String path) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(platform.queryUrl() + path))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        return response.statusCode() == 200 ? json.readTree(response.body()) : null;
    }

    private void screenshot(String name) throws Exception {
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }
}
