package org.countersight.api.rest;

import java.util.List;
import java.util.Set;

/** The v1 categories of DESIGN.md, the only values {@code category} accepts. */
public final class Taxonomy {

    public static final List<String> CATEGORIES = List.of(
            "cctv", "facial_recognition", "drones", "internet_shutdown", "censorship_firewall", "social_media_ban",
            "spyware", "biometric_id", "smart_city", "data_monitoring", "protest_crackdown", "vendor_export");

    public static final Set<String> CATEGORY_SET = Set.copyOf(CATEGORIES);

    private Taxonomy() {
    }
}
