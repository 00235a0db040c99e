package org.countersight.testsupport.cyclefixture.a;

import org.countersight.testsupport.cyclefixture.b.B;

/** Half of a deliberate package cycle (a -> b -> a) that PackageCyclesTest must detect. */
public class A {
    public B partner() {
        return new B();
    }
}
