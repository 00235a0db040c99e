package org.countersight.api.coverage;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What a source is expected to publish in a window ending now: the median of the same window one, two, ... weeks
 * ago (so a night or a weekend dip it always has is expected), over the weeks its history covers. A source with less
 * than a week of history gets its mean rate so far once it has {@code newSourceHistoryHours} of it; before that, none.
 */
public final class Baselines {

    public static final int WEEK_HOURS = 7 * 24;

    private Baselines() {
    }

    /** @return the expected article count, or null while the source has too little history */
    public static Double expected(SourceVolumes.Volume v, int windowHours, int weeks, int newSourceHistoryHours) {
        if (v == null) {
            return null;
        }
        List<Integer> weekly = new ArrayList<>(weeks);
        for (int k = 1; k <= weeks; k++) {
            int start = k * WEEK_HOURS;
            if (v.historyHours() >= start + windowHours) {
                weekly.add(v.count(start, start + windowHours));
            }
        }
        if (!weekly.isEmpty()) {
            return median(weekly);
        }
        int span = v.historyHours() - windowHours;
        if (span >= Math.max(1, newSourceHistoryHours)) {
            return (double) v.count(windowHours, v.historyHours()) / span * windowHours;
        }
        return null;
    }

    static double median(List<Integer> values) {
        List<Integer> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2.0;
    }
}
