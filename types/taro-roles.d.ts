// Taro's View takes `role` (H5 writes it as the attribute, as for any string prop); its Text and
// Image have the same pass-through but not the type. A Text or Image that can be tapped (an inline
// link, a chat picture that opens large) needs its role.
import '@tarojs/components/types/Text';
import '@tarojs/components/types/Image';

declare module '@tarojs/components/types/Text' {
  interface TextProps {
    role?: string;
  }
}

declare module '@tarojs/components/types/Image' {
  interface ImageProps {
    role?: string;
  }
}
