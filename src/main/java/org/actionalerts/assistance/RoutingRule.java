package org.actionalerts.assistance;

import jakarta.validation.constraints.NotBlank;
import java.util.List;

/**
 * One routing rule. Every list that is given must match (state AND topic AND language AND words); within a list
 * any value matches. {@code words} are whole words or phrases of the message, ignoring case, accents and punctuation.
 */
public record RoutingRule(String name, List<String> states, List<String> topics, List<String> languages,
                          List<String> words, @NotBlank String queue) {}
