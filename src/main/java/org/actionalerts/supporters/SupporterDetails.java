package org.actionalerts.supporters;

import java.util.List;

/** Checked, normalised supporter fields ready to store; a null language is stored as en. */
public record SupporterDetails(String firstName, String lastName, String phone, String email, String language,
                               String state, String county, String postalCode, List<String> tags) {

    /** Checks every field of a full record (create, import); errors are collected in {@code fields}. */
    public static SupporterDetails from(SupporterInput in, SupporterFields fields) {
        return new SupporterDetails(
                fields.text("firstName", in.firstName()),
                fields.text("lastName", in.lastName()),
                fields.phone("phone", in.phone()),
                fields.email("email", in.email()),
                fields.language("language", in.language()),
                fields.state("state", in.state()),
                fields.text("county", in.county()),
                fields.text("postalCode", in.postalCode()),
                in.tags() == null ? List.of() : fields.tags("tags", in.tags()));
    }

    /** This record with the fields a PATCH names replaced; "" clears an optional field. */
    SupporterDetails patchedWith(SupporterInput in, SupporterFields fields) {
        return new SupporterDetails(
                in.firstName() == null ? firstName : fields.text("firstName", in.firstName()),
                in.lastName() == null ? lastName : fields.text("lastName", in.lastName()),
                in.phone() == null ? phone : fields.phone("phone", in.phone()),
                in.email() == null ? email : fields.email("email", in.email()),
                in.language() == null ? language : fields.language("language", in.language()),
                in.state() == null ? state : fields.state("state", in.state()),
                in.county() == null ? county : fields.text("county", in.county()),
                in.postalCode() == null ? postalCode : fields.text("postalCode", in.postalCode()),
                in.tags() == null ? tags : fields.tags("tags", in.tags()));
    }

    public static SupporterDetails of(Supporter s) {
        return new SupporterDetails(s.firstName(), s.lastName(), s.phone(), s.email(), s.language(), s.state(),
                s.county(), s.postalCode(), s.tags());
    }

    boolean reachable() {
        return phone != null || email != null;
    }
}
