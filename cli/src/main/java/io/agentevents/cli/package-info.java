/**
 * The {@code eventbus} command line. Its commands arrive with the issues that build them
 * ({@code local}, {@code emit}, {@code tail}, {@code demo}, {@code bench}); this package holds
 * nothing else yet.
 */
package io.agentevents.cli;
