package org.countersight.api.index;

import org.apache.lucene.util.BytesRef;

/** Parses the {@link FlowFields} doc values (keys joined by {@link FlowFields#SEP}) into {@link FlowScan} values. */
final class FlowValues {

    interface Parser<T> {
        T parse(BytesRef bytes);
    }

    private FlowValues() {
    }

    static FlowScan.EventValue eventValue(BytesRef bytes) {
        String[] p = split(bytes, 2);
        return new FlowScan.EventValue(p[0], p[1]);
    }

    static FlowScan.FlowValue flowValue(BytesRef bytes) {
        String[] p = split(bytes, 4);
        return new FlowScan.FlowValue(p[0], p[1], p[2], p[3]);
    }

    private static String[] split(BytesRef bytes, int parts) {
        String s = bytes.utf8ToString();
        String[] out = new String[parts];
        int start = 0;
        for (int i = 0; i < parts - 1; i++) {
            int end = s.indexOf(FlowFields.SEP, start);
            if (end < 0) {
                throw new IllegalStateException("malformed flow value in the index: " + s.replace(FlowFields.SEP, '|'));
            }
            out[i] = s.substring(start, end);
            start = end + 1;
        }
        out[parts - 1] = s.substring(start);
        return out;
    }
}
