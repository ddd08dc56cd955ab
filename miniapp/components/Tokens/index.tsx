import { Text } from '@tarojs/components';
import { splitTokens } from '../../services/tokens';
import './index.scss';

/**
 * Text in which numbers, dates, times, readings, amounts and ID or phone numbers never break
 * across lines (each token is kept whole; the words around it wrap as usual).
 */
export function Tokens({ text }: { text: string }) {
  return (
    <>
      {splitTokens(text).map((p, i) =>
        p.token ? (
          <Text key={i} className='hp-nb'>
            {p.text}
          </Text>
        ) : (
          p.text
        ),
      )}
    </>
  );
}
