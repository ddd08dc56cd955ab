import { configure } from '@testing-library/react';

// findBy…/waitFor wait for a condition, never a fixed time. CI runs the BFF and miniapp projects side
// by side on two cores, where a page that chains four mocked requests can take longer than Testing
// Library's default second to settle; a condition that does not hold still fails, after 5 s.
// (Loaded after the test framework, so Testing Library still registers its cleanup after each test.)
configure({ asyncUtilTimeout: 5000 });
