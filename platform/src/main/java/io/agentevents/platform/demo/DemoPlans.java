package io.agentevents.platform.demo;

import java.util.ArrayList;
import java.util.List;

/**
 * The plan ids of a demo run and the outcomes each will have. Outcomes are a pure function of the
 * plan id, so every agent (and a rerun) agrees on them: about one decision in seven is rejected,
 * one tool run in five fails, and one in six fails once with a passing error that the subscriber
 * retries.
 */
final class DemoPlans {
    private static final String SUB = "-sub";

    private DemoPlans() {
    }

    /** Root plan {@code n} of {@code run}. */
    static String root(String run, int n) {
        return run + "-plan-" + n;
    }

    /** The sub-plan created under {@code root}. */
    static String childOf(String root) {
        return root + SUB;
    }

    /** The root plan {@code planId} is the sub-plan of, or null when it is a root itself. */
    static String parentOf(String planId) {
        return planId.endsWith(SUB) ? planId.substring(0, planId.length() - SUB.length()) : null;
    }

    /** The root plans planner {@code index} of {@code of} creates out of {@code plans}. */
    static List<String> rootsOf(String run, int plans, int index, int of) {
        List<String> roots = new ArrayList<>();
        for (int n = index; n < plans; n += of) {
            roots.add(root(run, n));
        }
        return roots;
    }

    /** Every plan of the run: each root and its sub-plan. */
    static List<String> all(String run, int plans) {
        List<String> all = new ArrayList<>();
        for (int n = 0; n < plans; n++) {
            all.add(root(run, n));
            all.add(childOf(root(run, n)));
        }
        return all;
    }

    static boolean rejected(String planId) {
        return bucket(planId, "decision", 7) == 0;
    }

    static boolean toolFails(String planId) {
        return bucket(planId, "tool", 5) == 0;
    }

    static boolean passingErrorFirst(String planId) {
        return bucket(planId, "flaky", 6) == 0;
    }

    /** A well-mixed hash of the plan id (String.hashCode alone puts neighbouring ids in neighbouring buckets). */
    private static int bucket(String planId, String salt, int buckets) {
        int h = (planId + "/" + salt).hashCode();
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return Math.floorMod(h, buckets);
    }
}
