#include <stdio.h>
int main(void){long long x,m=-1;while(scanf("%lld",&x)==1) if(x>m) m=x; printf("%lld\n",m);}
