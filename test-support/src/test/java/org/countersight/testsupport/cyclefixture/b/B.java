package org.countersight.testsupport.cyclefixture.b;

import org.countersight.testsupport.cyclefixture.a.A;

/** The other half of the deliberate cycle. */
public class B {
    public A partner() {
        return new A();
    }
}
