package org.countersight.nlp.places;

/**
 * A place named in a text, resolved to one country.
 *
 * @param start      first char of the name in the text
 * @param end        char after the name (a possessive "'s" is not part of it)
 * @param name       the name as written
 * @param countryCode ISO 3166-1 alpha-2
 * @param kind       capital, city, admin1 (state, province...), admin2 (district, county...), or agency
 *                   (a US-style "X Police Department" / "X County Sheriff's Office" whose place is not in the gazetteer)
 * @param population GeoNames population of the chosen place (regions: the sum of their places); 0 when unknown
 * @param confidence in (0,1]: how sure the resolver is of the country
 */
public record PlaceMention(int start, int end, String name, String countryCode, String kind, long population,
                           double confidence) {
}
