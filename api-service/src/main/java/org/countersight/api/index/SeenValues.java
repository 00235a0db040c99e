package org.countersight.api.index;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The distinct values counted in each group of a {@link FlowAggregation}, for {@link FlowScan.Grouping#seen}. */
final class SeenValues {

    private final List<Set<Object>> byGroup = new ArrayList<>();

    void add(int group, Object value) {
        while (byGroup.size() <= group) {
            byGroup.add(new LinkedHashSet<>(4));
        }
        byGroup.get(group).add(value);
    }

    @SuppressWarnings("unchecked")
    <T> void replay(FlowScan.Grouping<T> grouping) {
        for (int g = 0; g < byGroup.size(); g++) {
            for (Object v : byGroup.get(g)) {
                grouping.seen(g, (T) v);
            }
        }
    }
}
