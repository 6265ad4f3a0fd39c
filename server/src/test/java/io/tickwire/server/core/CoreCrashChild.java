package io.tickwire.server.core;

import io.tickwire.engine.command.Command;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;

/** The process {@link CoreCrashTest} kills: the core under a random command stream, snapshots on. */
public final class CoreCrashChild {

    private CoreCrashChild() {
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), false);
        TradingCore core = TradingCore.open(CoreFixtures.config(Path.of(args[0])), CoreFixtures.markets(), batch -> {
            out.println("released " + batch.number());
            out.flush();
        });
        CoreFixtures.Commands commands = new CoreFixtures.Commands(Long.parseLong(args[1]));
        while (true) {
            Command command = commands.next();
            while (!core.submit(command)) {
                Thread.onSpinWait();
            }
        }
    }
}
