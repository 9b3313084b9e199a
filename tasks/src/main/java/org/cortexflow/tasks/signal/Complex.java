package org.cortexflow.tasks.signal;

/** A complex number with numpy's arithmetic (Smith's division), for filter design. */
record Complex(double re, double im) {

    static final Complex ZERO = new Complex(0, 0);
    static final Complex ONE = new Complex(1, 0);

    static Complex real(double re) {
        return new Complex(re, 0);
    }

    Complex plus(Complex o) {
        return new Complex(re + o.re, im + o.im);
    }

    Complex minus(Complex o) {
        return new Complex(re - o.re, im - o.im);
    }

    Complex times(Complex o) {
        return new Complex(re * o.re - im * o.im, re * o.im + im * o.re);
    }

    Complex times(double s) {
        return times(real(s));
    }

    Complex negate() {
        return new Complex(-re, -im);
    }

    Complex conj() {
        return new Complex(re, -im);
    }

    /** numpy's complex division (Smith's algorithm). */
    Complex div(Complex o) {
        double br = o.re;
        double bi = o.im;
        if (Math.abs(br) >= Math.abs(bi)) {
            if (br == 0 && bi == 0) {
                return new Complex(re / Math.abs(br), im / Math.abs(bi));
            }
            double rat = bi / br;
            double scl = 1.0 / (br + bi * rat);
            return new Complex((re + im * rat) * scl, (im - re * rat) * scl);
        }
        double rat = br / bi;
        double scl = 1.0 / (bi + br * rat);
        return new Complex((re * rat + im) * scl, (im * rat - re) * scl);
    }

    /** Principal square root. */
    Complex sqrt() {
        if (re == 0 && im == 0) {
            return new Complex(0, im);
        }
        double t = Math.sqrt((Math.abs(re) + Math.hypot(re, im)) / 2);
        if (re >= 0) {
            return new Complex(t, im / (2 * t));
        }
        return new Complex(Math.abs(im) / (2 * t), Math.copySign(t, im));
    }

    double abs() {
        return Math.hypot(re, im);
    }

    /** numpy's isreal: the imaginary part is exactly zero. */
    boolean isReal() {
        return im == 0;
    }
}
