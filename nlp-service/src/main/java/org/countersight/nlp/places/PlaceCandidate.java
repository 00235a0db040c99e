package org.countersight.nlp.places;

/** A found name with its gazetteer entries and the evidence around it. */
final class PlaceCandidate {
    final int start, end;
    final String name;
    final int[] entries;
    boolean common, calendar, preposition, agency, usAgency, sheriff, dropped;
    String kindWord;

    PlaceCandidate(int start, int end, String name, int[] entries) {
        this.start = start;
        this.end = end;
        this.name = name;
        this.entries = entries;
    }
}
