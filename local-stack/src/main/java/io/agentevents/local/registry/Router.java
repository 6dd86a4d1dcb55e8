package io.agentevents.local.registry;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Maps a method and decoded path segments to an endpoint. Templates are literal segments and
 * {@code {name}} placeholders matching one whole segment, so an encoded {@code /} in a subject
 * ({@code %2F}) stays inside that subject. Immutable once built; thread-safe.
 */
final class Router {

    /** A request as an endpoint sees it. */
    record Request(String method, String path, Map<String, String> pathParameters, Map<String, String> query,
                   JsonNode body) {

        String pathParameter(String name) {
            String value = pathParameters.get(name);
            if (value == null) {
                throw new IllegalStateException("no path parameter {" + name + "} in the route of " + path);
            }
            return value;
        }

        /** A boolean query flag: true only for {@code true} (any case), as JAX-RS reads it. */
        boolean flag(String name) {
            return "true".equalsIgnoreCase(query.getOrDefault(name, "false").trim());
        }

        String queryParameter(String name, String fallback) {
            return query.getOrDefault(name, fallback);
        }
    }

    /** An endpoint: answers a JSON-serialisable value (sent with status 200) or throws a {@link RegistryException}. */
    @FunctionalInterface
    interface Endpoint {
        Object handle(Request request);
    }

    /** A matched route: the endpoint and the values of its placeholders. */
    record Match(Endpoint endpoint, Map<String, String> pathParameters) {
    }

    private record Route(String method, List<String> template, Endpoint endpoint) {
    }

    private final List<Route> routes = new ArrayList<>();

    /** Adds a route; {@code template} like {@code /subjects/{subject}/versions}. */
    Router add(String method, String template, Endpoint endpoint) {
        routes.add(new Route(method, segments(template), endpoint));
        return this;
    }

    /** The route for this method and path, if any. */
    Optional<Match> match(String method, List<String> path) {
        for (Route route : routes) {
            if (route.method().equals(method)) {
                Optional<Map<String, String>> parameters = bind(route.template(), path);
                if (parameters.isPresent()) {
                    return Optional.of(new Match(route.endpoint(), parameters.get()));
                }
            }
        }
        return Optional.empty();
    }

    /** The methods some route accepts on this path; empty when the path is unknown. */
    Set<String> methodsFor(List<String> path) {
        Set<String> methods = new TreeSet<>();
        for (Route route : routes) {
            if (bind(route.template(), path).isPresent()) {
                methods.add(route.method());
            }
        }
        return methods;
    }

    private static Optional<Map<String, String>> bind(List<String> template, List<String> path) {
        if (template.size() != path.size()) {
            return Optional.empty();
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        for (int i = 0; i < template.size(); i++) {
            String part = template.get(i);
            if (part.startsWith("{") && part.endsWith("}")) {
                parameters.put(part.substring(1, part.length() - 1), path.get(i));
            } else if (!part.equals(path.get(i))) {
                return Optional.empty();
            }
        }
        return Optional.of(parameters);
    }

    private static List<String> segments(String template) {
        if (template.equals("/")) {
            return List.of();
        }
        return List.of(template.substring(1).split("/", -1));
    }
}
