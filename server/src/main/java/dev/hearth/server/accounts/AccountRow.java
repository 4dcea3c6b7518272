package dev.hearth.server.accounts;

import dev.hearth.api.Account;
import dev.hearth.api.Status;
import dev.hearth.server.resource.Times;

/** An account as stored. */
public record AccountRow(String accountId, String displayName, String email, String accountType, String state,
        String suspendState, long createTime, long updateTime, long version) {

    public Account toWire() {
        return new Account("accounts/" + accountId, displayName, email, accountType, state, Status.OK, suspendState,
                Times.format(createTime), Times.format(updateTime), Long.toString(version));
    }
}
