package org.actionalerts.supporters.imports;

import org.actionalerts.supporters.SupporterDetails;

/** A checked row waiting to be written; {@code smsOptIn}/{@code emailOptIn} are null when the cell is blank. */
record ImportRow(long line, SupporterDetails details, Boolean smsOptIn, Boolean emailOptIn) {}
