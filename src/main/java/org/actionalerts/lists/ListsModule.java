package org.actionalerts.lists;

import io.dropwizard.core.setup.Environment;
import org.jdbi.v3.core.Jdbi;

public final class ListsModule {
    private ListsModule() {}

    public static ListService register(Environment environment, Jdbi jdbi) {
        ListService lists = new ListService(jdbi);
        environment.jersey().register(new ListResource(lists));
        return lists;
    }
}
