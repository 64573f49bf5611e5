// The rational tanh and sigmoid of one float (Eigen's ptanh_float), inlined
// into every loop that applies them: the activation kernels and the fused GRU
// step, which must give the same bits. Include it before any
// `#pragma clang fp contract`: the ratio's polynomial steps contract to FMA
// where the loop's target has it, as they do in activations.c.
#ifndef RNNKIT_ACTIVATION_RATIOS_H
#define RNNKIT_ACTIVATION_RATIOS_H

static inline __attribute__((always_inline)) float tanh_ratio(float x) {
    const float limit = 7.90531110763549805f;
    float c = x > limit ? limit : (x < -limit ? -limit : x);
    float x2 = c * c;
    float p = x2 * -2.76076847742355e-16f + 2.00018790482477e-13f;
    p = p * x2 + -8.60467152213735e-11f;
    p = p * x2 + 5.12229709037114e-08f;
    p = p * x2 + 1.48572235717979e-05f;
    p = p * x2 + 6.37261928875436e-04f;
    p = p * x2 + 4.89352455891786e-03f;
    p = p * c;
    float q = x2 * 1.19825839466702e-06f + 1.18534705686654e-04f;
    q = q * x2 + 2.26843463243900e-03f;
    q = q * x2 + 4.89352518554385e-03f;
    // Below 4e-4 the ratio is x to within rounding; return x exactly there.
    return (x < 0.0004f && x > -0.0004f) ? x : p / q;
}

static inline __attribute__((always_inline)) float sigmoid_ratio(float x) {
    return 0.5f * tanh_ratio(0.5f * x) + 0.5f;
}

#endif
