/**
 * The {@code eventbus} command line (picocli): {@code local} runs the platform, {@code emit} emits
 * one event, {@code tail} prints events as they arrive, {@code dlq} lists, inspects and replays
 * dead letters. Exit codes: 0 success, 1 failure at run time, 2 bad arguments.
 */
package io.agentevents.cli;
